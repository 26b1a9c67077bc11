import { foldVietnamese } from '../lib/text.js';
import type { InboundEvent } from '../core/messages.js';

export type Intent =
  | { kind: 'start'; code?: string }
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'submit' }
  | { kind: 'cancel' }
  | { kind: 'upload' }
  | { kind: 'none' };

const INVITE_CODE = /^[A-HJ-NP-Za-hj-np-z2-9]{8}$/;

const WORDS: [RegExp, Intent['kind']][] = [
  [/^(help|huong dan|tro giup|giup|giup do|menu|\?)$/, 'help'],
  [/^(status|trang thai|tinh trang|viec can nop|can nop gi|han nop)$/, 'status'],
  [/^(nop|nop bai|submit|gui bai|nop ke hoach|nop bao cao|gui file|gui tep)$/, 'submit'],
  // Not bare "dung"/"thoi": "đúng" (yes) and the name "Dũng" fold to the same letters.
  [/^(huy|cancel|huy bo|thoat|dung lai|stop)$/, 'cancel'],
  [/^(upload|tai len|tai tep len)$/, 'upload'],
];

const COMMANDS: Record<string, Intent['kind']> = {
  help: 'help',
  huongdan: 'help',
  status: 'status',
  trangthai: 'status',
  nop: 'submit',
  submit: 'submit',
  huy: 'cancel',
  cancel: 'cancel',
  upload: 'upload',
};

const BUTTONS: Record<string, Intent['kind']> = {
  'm:help': 'help',
  'm:status': 'status',
  'm:submit': 'submit',
  cancel: 'cancel',
  up: 'upload',
};

/** The text as the engine compares it: folded, without a leading slash command's @botname. */
export function normalizeInput(event: InboundEvent): string {
  if (event.kind === 'button') return event.data ?? '';
  return foldVietnamese(event.text ?? '').replace(/[.!]+$/, '').trim();
}

/** Global intents that work from anywhere in a conversation. */
export function readIntent(event: InboundEvent): Intent {
  if (event.kind === 'button') {
    const kind = BUTTONS[event.data ?? ''];
    return kind ? ({ kind } as Intent) : { kind: 'none' };
  }
  const raw = (event.text ?? '').trim();
  const command = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(raw);
  if (command) {
    const name = command[1]!.toLowerCase();
    const args = (command[2] ?? '').trim();
    if (name === 'start') return args ? { kind: 'start', code: args.split(/\s+/)[0]! } : { kind: 'start' };
    const kind = COMMANDS[name];
    return kind ? ({ kind } as Intent) : { kind: 'help' };
  }
  const folded = foldVietnamese(raw).replace(/[.!]+$/, '');
  const startWord = /^start\s+(\S+)$/.exec(folded);
  if (startWord) return { kind: 'start', code: raw.split(/\s+/)[1]! };
  for (const [re, kind] of WORDS) if (re.test(folded)) return { kind } as Intent;
  return { kind: 'none' };
}

/** A bare invite code typed on its own (Zalo has no deep links). */
export function looksLikeInviteCode(text: string | undefined): boolean {
  const t = (text ?? '').trim();
  // Codes are copied from the Sở's message: upper case, or with a digit. "Thanhtra" is a word.
  return INVITE_CODE.test(t) && (/\d/.test(t) || t === t.toUpperCase());
}
