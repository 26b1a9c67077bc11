import { CAPABILITIES } from '../../core/capabilities.js';
import type { Choice } from '../../core/messages.js';
import { createUploadLink } from '../../domain/upload-links.js';
import { T } from '../texts.js';
import { say, type Turn } from '../turn.js';

export const CANCEL_ROW: Choice[] = [{ label: T.cancelButton, data: 'cancel' }];

/** Whether documents sent in this chat reach the bot (not on the Zalo Bot Platform). */
export function documentsIn(turn: Turn): boolean {
  return CAPABILITIES[turn.event.channel].documentsIn;
}

/** Says `text` with the unit's personal upload page, or why there is none. */
export function offerUploadLink(turn: Turn, req: { id: number }, text: string): void {
  const link = uploadLinkFor(turn, req);
  if (!link) {
    say(turn, T.uploadUnavailable);
    return;
  }
  say(turn, { text, link, choices: [CANCEL_ROW] });
}

/** The unit's personal upload page for this requirement (24 hours), when PUBLIC_BASE_URL is known. */
export function uploadLinkFor(turn: Turn, req: { id: number }): { label: string; url: string } | undefined {
  const base = turn.services.publicBaseUrl;
  if (!base) return undefined;
  const { token } = createUploadLink(turn.ctx, {
    unitId: turn.contact!.unitId!,
    requirementId: req.id,
    contactId: turn.contact!.id,
  });
  return { label: T.uploadButton, url: `${base}/upload/${token}` };
}
