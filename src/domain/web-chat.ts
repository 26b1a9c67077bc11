import type { Choice, InboundEvent } from '../core/messages.js';
import { preparedFor } from '../db/prepared.js';
import { messagesToUnknownChat } from '../outbox/lookup.js';
import type { Ctx } from './context.js';

/** A linked contact on the simulator's 'web' channel, as the persona list shows it. */
export type WebPersona = { id: string; name: string; unit: string };

export type WebChatItem = {
  /** Unique across the history (t = timeline, o = outbox, i = inbound). */
  key: string;
  /** Epoch ms; the history is ordered by it and a reader asks for what is at or after it. */
  at: number;
  direction: 'in' | 'out';
  text: string;
  choices?: Choice[][];
  link?: { label: string; url: string };
};

const HISTORY_LIMIT = 300;

const statements = preparedFor((db) => ({
  personas: db.$client.prepare(
    `SELECT c.platform_user_id AS id, c.display_name AS name, u.name AS unit
       FROM contacts c JOIN units u ON u.id = c.unit_id
      WHERE c.channel = 'web' AND c.role = 'unit_contact' AND c.status = 'active'
      ORDER BY u.code LIMIT 200`,
  ),
  // What the timeline holds (messages of a known contact), plus what it cannot: what someone
  // not yet a contact sent (a bare /start, a refused code); the bot's replies to them come
  // from the outbox (messagesToUnknownChat).
  history: db.$client.prepare(
    `SELECT 't' || t.id AS key, t.created_at AS at, t.direction, t.text, t.meta, NULL AS payload
       FROM timeline_messages t JOIN contacts c ON c.id = t.contact_id
      WHERE c.channel = 'web' AND c.platform_user_id = @chatId AND t.created_at >= @after
     UNION ALL
     SELECT 'i' || i.id, i.received_at, 'in', NULL, NULL, i.payload
       FROM inbound_updates i
      WHERE i.channel = 'web' AND i.chat_id = @chatId AND i.status <> 'received' AND i.received_at >= @after
        AND NOT EXISTS (SELECT 1 FROM timeline_messages t WHERE t.inbound_id = i.id)
     ORDER BY 2, 3, 1
     LIMIT ${HISTORY_LIMIT}`,
  ),
}));

export function webPersonas(ctx: Ctx): WebPersona[] {
  return statements(ctx.db).personas.all() as WebPersona[];
}

type Row = { key: string; at: number; direction: 'in' | 'out'; text: string | null; meta: string | null; payload: string | null };

function inboundText(e: InboundEvent): string {
  if (e.kind === 'text') return e.text ?? '';
  if (e.kind === 'file') return `[tệp] ${e.file?.name ?? ''}`;
  if (e.kind === 'button') return '[bấm nút]';
  return '[tin nhắn]';
}

/** The simulator's view of one web chat from `after` (epoch ms) on, oldest first. */
export function webChatHistory(ctx: Ctx, chatId: string, after: number): WebChatItem[] {
  const rows = statements(ctx.db).history.all({ chatId, after }) as Row[];
  for (const o of messagesToUnknownChat(ctx.db, { channel: 'web', chatId, after, limit: HISTORY_LIMIT })) {
    rows.push({ key: `o${o.id}`, at: o.at, direction: 'out', text: null, meta: null, payload: o.payload });
  }
  // The order the single query had: time, then 'in' before 'out', then key.
  rows.sort((a, b) => a.at - b.at || a.direction.localeCompare(b.direction) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return rows.slice(0, HISTORY_LIMIT).map((r) => {
    if (r.payload === null) {
      const extra = r.meta ? (JSON.parse(r.meta) as Pick<WebChatItem, 'choices' | 'link'>) : {};
      return { key: r.key, at: r.at, direction: r.direction, text: r.text ?? '', ...extra };
    }
    if (r.direction === 'in') return { key: r.key, at: r.at, direction: 'in', text: inboundText(JSON.parse(r.payload) as InboundEvent) };
    const m = JSON.parse(r.payload) as { text: string; choices?: Choice[][]; link?: { label: string; url: string } };
    return { key: r.key, at: r.at, direction: 'out', text: m.text, choices: m.choices, link: m.link };
  });
}
