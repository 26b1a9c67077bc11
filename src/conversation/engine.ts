import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { systemActor, type Actor, type Ctx } from '../domain/context.js';
import { ensureCitizenContact, findContactByPlatformUser, touchContact, type Contact } from '../domain/contacts.js';
import { DomainError } from '../core/errors.js';
import { MAX_FILE_BYTES, storeFile } from '../domain/files.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import { acknowledgeTurn, isAckPress, typedAckFor } from './flows/ack.js';
import { C } from './citizen-texts.js';
import { errorSentence } from './error-texts.js';
import { CAPABILITIES } from '../core/capabilities.js';
import { FloodGuard, type FloodLimits } from './flood.js';
import { citizenTurn } from './flows/citizen.js';
import { staffGroupTurn } from './flows/staff-group.js';
import { linkWithCode, unitName } from './flows/link.js';
import { withMenu } from './flows/menu.js';
import { showStatus } from './flows/status.js';
import { continueSubmit, startSubmit, submitWithAttachment } from './flows/submit.js';
import { offerUploadLink } from './flows/upload-offer.js';
import { forgetUpdatePayload, type StoredInbound } from './inbound-store.js';
import { looksLikeInviteCode, normalizeInput, readIntent } from './intents.js';
import { resolveTypedChoice } from './offered.js';
import type { InboundEvent, InboundFile } from '../core/messages.js';
import { IDLE, loadSession, saveSession, sessionKey } from './session.js';
import { T } from './texts.js';
import { say, type EngineServices, type PrefetchedFile, type Turn } from './turn.js';

const LAST_SEEN_EVERY_MS = 60_000;

/** Longest text the bot reads from a person; longer is answered calmly, not stored as an answer. */
export const MAX_INBOUND_TEXT = 4000;

export type EngineDeps = EngineServices & {
  db: Db;
  clock: Clock;
  log: Logger;
  timeZone: string;
  filesDir: string;
  /** Downloads a platform file (Telegram getFile); undefined where the channel cannot. */
  fetchFile?: (event: InboundEvent, file: InboundFile) => Promise<Buffer | { tooBigBytes: number }> | undefined;
  /** Told after a turn committed replies, so the sender does not wait for its timer. */
  onReplies?: () => void;
  /** Per-chat flood control (defaults: 20 messages a minute, then 2 minutes of silence). */
  floodLimits?: FloodLimits;
};

/**
 * The channel-neutral conversation engine: (stored inbound event, contact, session) →
 * replies in the outbox + domain calls, all committed in one transaction with the
 * "done" mark, so a crash or redelivery neither loses nor doubles a message.
 */
export function createEngine(deps: EngineDeps) {
  const baseCtx = (actor: Actor): Ctx => ({
    db: deps.db,
    clock: deps.clock,
    log: deps.log,
    actor,
    timeZone: deps.timeZone,
    filesDir: deps.filesDir,
  });

  // The turn uses deps.db, never a drizzle `tx`: run it in a plain better-sqlite3
  // transaction and skip the transaction object drizzle builds on every call.
  const atomically = deps.db.$client.transaction((work: () => void) => work());
  const flood = new FloodGuard(deps.clock, deps.floodLimits);
  const staffChat = deps.staffChat;
  const inStaffGroup = (event: InboundEvent) => staffChat !== undefined && event.channel === staffChat.channel && event.chatId === staffChat.chatId;

  /** The staff group's messages are the Department's own: no contact, timeline or session of the writer. */
  function handleStaffGroup(item: StoredInbound): void {
    atomically(() => {
      const now = deps.clock.now();
      const turn: Turn = {
        ctx: baseCtx(systemActor('staff group')),
        services: deps,
        event: item.event,
        contact: undefined,
        input: normalizeInput(item.event),
        state: IDLE,
        prefetched: undefined,
        replies: [],
      };
      staffGroupTurn(turn);
      turn.replies.forEach((message, i) => {
        enqueueMessage(deps.db, now, { dedupeKey: `in:${item.id}:${i}`, channel: item.event.channel, chatId: item.event.chatId, contactId: null, lane: 'reply', message });
      });
      markDone(deps.db, item.id, now);
    });
    deps.onReplies?.();
  }

  /** Only a person's file needs I/O before the turn's transaction (the staff group's are not kept): everything else is handled at once. */
  function needsPrefetch(event: InboundEvent): boolean {
    return event.kind === 'file' && !inStaffGroup(event);
  }

  /** The inbox's batch: handles the update inside the caller's transaction unless it needs I/O first. */
  function handleNow(item: StoredInbound): boolean {
    if (needsPrefetch(item.event)) return false;
    turnWith(item, undefined);
    return true;
  }

  async function handle(item: StoredInbound): Promise<void> {
    const prefetched = needsPrefetch(item.event) ? await prefetch(item.event, findContactByPlatformUser(deps.db, item.event.channel, item.event.user.id)) : undefined;
    turnWith(item, prefetched);
  }

  /** One turn, in one transaction (a savepoint inside the inbox's batch). */
  function turnWith(item: StoredInbound, prefetched: PrefetchedFile | undefined): void {
    // What the person typed, as the timeline keeps it; the engine sees a typed "2" as the press of choice 2.
    const typed = item.event;
    const event = resolveTypedChoice(deps.db, typed);
    if (inStaffGroup(event)) return handleStaffGroup(item);
    atomically(() => {
      const now = deps.clock.now();
      let contact = findContactByPlatformUser(deps.db, event.channel, event.user.id);
      const ctx = baseCtx(actorFor(contact, event));
      const intent = readIntent(event);
      const key = sessionKey(event.channel, event.chatId);
      const before = contact ? loadSession(deps.db, key) : IDLE;
      const turn: Turn = {
        ctx,
        services: deps,
        event,
        contact,
        input: normalizeInput(event),
        state: before,
        prefetched,
        replies: [],
      };

      // Citizens only: a unit contact may well send twenty scanned pages in a minute.
      const pace = contact && contact.role !== 'citizen' && contact.status !== 'revoked' ? 'ok' : flood.check(key);
      if (pace === 'warn') say(turn, C.flood);
      else if (pace === 'ok') routeOrRefuse(turn, intent);
      contact = turn.erased ? undefined : turn.contact;
      if (!contact && !turn.erased && turn.replies.length > 0 && intent.kind !== 'start' && !looksLikeInviteCode(event.text)) {
        // Someone new who is not linking: a parent or citizen. Keep them so staff can answer.
        contact = ensureCitizenContact(ctx, {
          channel: event.channel,
          platformUserId: event.user.id,
          chatId: event.chatId,
          displayName: event.user.displayName,
        });
      }
      if (contact) {
        // recordInbound notes lastSeenAt; touchContact is needed only to unblock.
        if (contact.status === 'blocked') touchContact(ctx, contact.id);
        recordInbound(deps.db, contact, typed, item.id, now, turn.timelineText);
        // Idle before and after (most messages): nothing to write, a missing row reads as idle.
        if (before.flow !== 'idle' || turn.state.flow !== 'idle') saveSession(deps.db, key, contact.id, turn.state, now);
      }
      turn.replies.forEach((message, i) => {
        enqueueMessage(deps.db, now, {
          dedupeKey: `in:${item.id}:${i}`,
          channel: event.channel,
          chatId: event.chatId,
          contactId: contact?.id ?? null,
          lane: 'reply',
          message,
        });
      });
      if (turn.timelineText !== undefined) forgetUpdatePayload(deps.db, item.id);
      markDone(deps.db, item.id, now);
    });
    deps.onReplies?.();
  }

  // A savepoint inside the turn's transaction: a verb that refuses undoes what the flow wrote.
  const inSavepoint = deps.db.$client.transaction((work: () => void) => work());

  /**
   * A domain verb's refusal is deterministic, so retrying the update would refuse again: the
   * flow's writes are undone and the person reads the one sentence for that kind of error.
   */
  function routeOrRefuse(turn: Turn, intent: ReturnType<typeof readIntent>): void {
    const { contact, state } = turn;
    try {
      inSavepoint(() => route(turn, intent));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      deps.log.info({ kind: err.kind, field: err.field, err }, 'a domain verb refused a turn');
      Object.assign(turn, { contact, state, replies: [{ text: errorSentence(err) }], timelineText: undefined, erased: false });
    }
  }

  /** Download and check a file before the transaction (network I/O cannot run inside it). */
  async function prefetch(event: InboundEvent, contact: Contact | undefined): Promise<PrefetchedFile | undefined> {
    if (event.kind !== 'file' || !event.file) return undefined;
    if (!contact || contact.role !== 'unit_contact' || contact.status === 'revoked') return undefined;
    const file = event.file;
    if (file.size !== undefined && file.size > MAX_FILE_BYTES) {
      return { ok: false, tooBigMb: Math.ceil(file.size / (1024 * 1024)), problem: 'too big' };
    }
    const fetching = deps.fetchFile?.(event, file);
    if (!fetching) return { ok: false, problem: T.noFileDownload };
    const bytes = await fetching;
    const size = Buffer.isBuffer(bytes) ? bytes.length : bytes.tooBigBytes;
    if (!Buffer.isBuffer(bytes) || size > MAX_FILE_BYTES) {
      return { ok: false, tooBigMb: Math.ceil(size / (1024 * 1024)), problem: 'too big' };
    }
    try {
      const stored = await storeFile(baseCtx(actorFor(contact, event)), {
        bytes,
        originalName: file.name,
        source: event.channel,
      });
      return { ok: true, fileId: stored.id, name: stored.originalName, mimeType: stored.mimeType };
    } catch (err) {
      if (err instanceof DomainError) return { ok: false, problem: errorSentence(err) };
      throw err;
    }
  }

  /** Every attempt failed: tell the person calmly and keep the update as failed for staff. */
  function giveUp(item: StoredInbound, error: unknown): void {
    const { event } = item;
    deps.db.transaction(() => {
      const now = deps.clock.now();
      const contact = findContactByPlatformUser(deps.db, event.channel, event.user.id);
      enqueueMessage(deps.db, now, {
        dedupeKey: `in:${item.id}:error`,
        channel: event.channel,
        chatId: event.chatId,
        contactId: contact?.id ?? null,
        lane: 'reply',
        message: { text: T.systemError },
      });
      deps.db.$client
        .prepare(`UPDATE inbound_updates SET status = 'failed', processed_at = ?, error = ? WHERE id = ?`)
        .run(now.getTime(), String((error as Error)?.message ?? error).slice(0, 2000), item.id);
    });
    deps.onReplies?.();
  }

  return { handleNow, handle, giveUp };
}

export type Engine = ReturnType<typeof createEngine>;

function actorFor(contact: Contact | undefined, event: InboundEvent): Actor {
  if (contact?.role === 'unit_contact' && contact.unitId) {
    return { type: 'unit_contact', id: contact.id, label: contact.displayName || event.user.displayName, unitId: contact.unitId };
  }
  if (contact) return { type: 'citizen', id: contact.id, label: contact.displayName || event.user.displayName };
  return { type: 'system', label: `${event.channel}:${event.user.id}` };
}

/** Decides who handles the turn: linking, global commands, the flow in progress, or a hint. */
function route(turn: Turn, initialIntent: ReturnType<typeof readIntent>): void {
  let intent = initialIntent;
  const { event } = turn;
  const contact = turn.contact;

  if ((event.text ?? '').length > MAX_INBOUND_TEXT) {
    say(turn, T.tooLong(MAX_INBOUND_TEXT));
    return;
  }
  // "Đã nhận" under a broadcast works for anyone, whatever they are in the middle of.
  if (isAckPress(turn)) return acknowledgeTurn(turn);
  const typedAck = turn.state.flow === 'submit' && turn.state.step === 'form' ? undefined : typedAckFor(turn);
  if (typedAck !== undefined) return acknowledgeTurn(turn, typedAck);
  if (intent.kind === 'start' && intent.code) return linkWithCode(turn, intent.code);
  const isUnitContact = contact?.role === 'unit_contact' && contact.status !== 'revoked' && contact.unitId;
  if (!isUnitContact && event.kind === 'text' && looksLikeInviteCode(event.text)) {
    return linkWithCode(turn, event.text!.trim());
  }
  if (!contact || contact.status === 'revoked' || contact.role === 'citizen') return citizenTurn(turn, intent);
  if (contact.role === 'staff') {
    say(turn, T.helpStaff);
    return;
  }

  // Inside a form, typed words belong to the form ("có", "nộp", "?", "quay lại"): there only
  // slash commands, buttons and the cancel words act globally.
  const inForm = turn.state.flow === 'submit' && (turn.state.step === 'form' || turn.state.step === 'confirm');
  const typedWord = event.kind === 'text' && !(event.text ?? '').trim().startsWith('/');
  if (inForm && typedWord && intent.kind !== 'cancel') intent = { kind: 'none' };

  if (intent.kind === 'cancel') {
    const busy = turn.state.flow !== 'idle';
    turn.state = IDLE;
    say(turn, withMenu(busy ? T.cancelled : T.nothingToCancel));
    return;
  }
  if (intent.kind === 'help' || intent.kind === 'start') {
    say(turn, withMenu(intent.kind === 'start' ? T.alreadyLinked(unitName(turn)) + '\n\n' + T.helpUnit(unitName(turn)) : T.helpUnit(unitName(turn))));
    return;
  }
  if (intent.kind === 'status') return showStatus(turn);
  if (intent.kind === 'submit') return startSubmit(turn);
  if (intent.kind === 'upload' && turn.state.flow === 'submit' && 'requirementId' in turn.state) {
    return offerUploadLink(turn, { id: turn.state.requirementId }, T.uploadLink);
  }

  // "📤 Nộp ngay" on a reminder starts that requirement's submission from wherever they are.
  const pick = /^r:(\d+)$/.exec(turn.input);
  const choosing = turn.state.flow === 'submit' && turn.state.step === 'choose';
  if (pick && event.kind === 'button' && !choosing) return startSubmit(turn, Number(pick[1]));

  if (turn.state.flow === 'submit') return continueSubmit(turn);

  // Nothing in progress.
  if (event.kind === 'sticker') return say(turn, withMenu(T.sticker));
  if (event.kind === 'unsupported') return say(turn, withMenu(CAPABILITIES[event.channel].documentsIn ? T.unsupported : T.unsupportedNoDocuments));
  if (event.kind === 'file' || event.kind === 'uploaded') return submitWithAttachment(turn);
  if (event.kind === 'text' && /https?:\/\//i.test(event.text ?? '')) return submitWithAttachment(turn);
  say(turn, withMenu(T.unknownUnit));
}

function recordInbound(db: Db, contact: Contact, event: InboundEvent, inboundId: number, now: Date, override?: string): void {
  const text =
    override !== undefined
      ? override
      : event.kind === 'text'
      ? (event.text ?? '').slice(0, MAX_INBOUND_TEXT)
      : event.kind === 'button'
        ? `[bấm nút] ${buttonLabel(db, contact.id, event.data ?? '')}`
        : event.kind === 'file'
          ? `[tệp] ${event.file?.name ?? ''}`
          : event.kind === 'uploaded'
            ? `[tải lên qua trang web] ${event.text ?? ''}`
            : event.kind === 'sticker'
              ? '[nhãn dán]'
              : '[tin nhắn chưa hỗ trợ]';
  const stmts = statementsFor(db);
  stmts.timelineIn.run(contact.id, event.channel, text, inboundId, now.getTime());
  // Staff read it to the minute: a chat writing every few seconds need not rewrite its contact each time.
  if (!contact.lastSeenAt || now.getTime() - contact.lastSeenAt.getTime() >= LAST_SEEN_EVERY_MS) stmts.lastSeen.run(now.getTime(), contact.id);
}

function markDone(db: Db, id: number, now: Date): void {
  statementsFor(db).markDone.run(now.getTime(), id);
}

/**
 * The writes every turn makes, prepared once per database: building and preparing the SQL
 * on each update cost more than running it (bench/webhook.bench.ts).
 */
function prepareStatements(db: Db) {
  return {
    timelineIn: db.$client.prepare(
      `INSERT INTO timeline_messages (contact_id, direction, channel, text, inbound_id, created_at) VALUES (?, 'in', ?, ?, ?, ?)`,
    ),
    lastSeen: db.$client.prepare(`UPDATE contacts SET last_seen_at = ? WHERE id = ?`),
    markDone: db.$client.prepare(`UPDATE inbound_updates SET status = 'done', processed_at = ? WHERE id = ?`),
  };
}

const statementsFor = preparedFor(prepareStatements);

/** The label the person saw on the button they pressed (the platform sends only its data). */
function buttonLabel(db: Db, contactId: number, data: string): string {
  const rows = db.$client
    .prepare(`SELECT meta FROM timeline_messages WHERE contact_id = ? AND direction = 'out' AND meta IS NOT NULL ORDER BY id DESC LIMIT 5`)
    .all(contactId) as { meta: string }[];
  for (const row of rows) {
    const meta = JSON.parse(row.meta) as { choices?: { label: string; data: string }[][] };
    const found = meta.choices?.flat().find((c) => c.data === data);
    if (found) return found.label;
  }
  return data;
}
