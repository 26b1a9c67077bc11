import { preparedFor } from '../db/prepared.js';
import { nextLocalMidnight } from '../lib/time.js';
import type { Ctx } from './context.js';
import type { TicketKind, TicketStatus } from './tickets.js';

/** What the inbox shows at once: tickets to work (new, assigned), answered ones, closed ones, or all. */
export const INBOX_VIEWS = ['open', 'answered', 'closed', 'all'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
export const INBOX_DUE = ['overdue', 'today'] as const;
export type InboxDue = (typeof INBOX_DUE)[number];
export const TICKET_KINDS: TicketKind[] = ['question', 'feedback', 'complaint', 'denunciation'];

export type InboxQuery = {
  view: InboxView;
  kind?: TicketKind;
  due?: InboxDue;
  /** A staff user id, or 'none' for nobody's. */
  assignee?: number | 'none';
  /** 'due': the nearest deadline first (default); 'newest': the latest received first. */
  sort: 'due' | 'newest';
  limit: number;
  offset: number;
};

/** How pressing a ticket is: past its next deadline, or due before today ends. */
export type Urgency = 'overdue' | 'today' | null;

export type InboxRow = {
  id: number;
  code: string;
  kind: TicketKind;
  status: TicketStatus;
  /** A denunciation's is the withheld placeholder (stored that way). */
  subject: string;
  receivedAt: Date;
  /** The deadline that comes next: the acceptance notice while new, else the resolution. */
  nextDueAt: Date | null;
  urgency: Urgency;
  assigneeName: string | null;
  /** Messages people and staff wrote (notes not counted), and when the last one came. */
  messages: number;
  lastMessageAt: Date;
  /** The person wrote last: someone should answer. */
  awaitingStaff: boolean;
};

export type InboxCounts = {
  byView: Record<InboxView, number>;
  /** Within the chosen view. */
  byKind: Record<TicketKind, number>;
  /** Tickets being worked (new, assigned) past their deadline, and due today. */
  overdue: number;
  dueToday: number;
};

export type Inbox = { rows: InboxRow[]; total: number; counts: InboxCounts };

// The next deadline: while a ticket is new and has an acceptance step, that step comes first.
const NEXT_DUE = `CASE WHEN t.status = 'new' AND t.ack_due_at IS NOT NULL THEN t.ack_due_at ELSE t.due_at END`;
const IN_VIEW = `(@view = 'all' OR (@view = 'open' AND t.status IN ('new', 'assigned')) OR t.status = @view)`;
const FILTERS = `${IN_VIEW}
   AND (@kind = '' OR t.kind = @kind)
   AND (@assignee = 0 OR (@assignee = -1 AND t.assignee_id IS NULL) OR t.assignee_id = @assignee)
   AND (@due = '' OR (t.status <> 'closed' AND next_due IS NOT NULL
        AND ((@due = 'overdue' AND next_due < @now) OR (@due = 'today' AND next_due >= @now AND next_due < @dayEnd))))`;
const FROM = `FROM (SELECT t.*, ${NEXT_DUE} AS next_due FROM tickets t) t`;
const COLUMNS = `t.id, t.code, t.kind, t.status, t.subject, t.created_at, t.next_due, t.assignee_id`;

const statements = preparedFor((db) => ({
  byDue: db.$client.prepare(`SELECT ${COLUMNS} ${FROM} WHERE ${FILTERS} ORDER BY t.next_due IS NULL, t.next_due, t.id LIMIT @limit OFFSET @offset`).raw(),
  byNewest: db.$client.prepare(`SELECT ${COLUMNS} ${FROM} WHERE ${FILTERS} ORDER BY t.id DESC LIMIT @limit OFFSET @offset`).raw(),
  total: db.$client.prepare(`SELECT count(*) ${FROM} WHERE ${FILTERS}`).pluck(),
  // Every count the page's filters and the navigation show, in one pass over the tickets.
  counts: db.$client
    .prepare(
      `SELECT t.status, t.kind, ${IN_VIEW} AS in_view, count(*),
              sum(t.status IN ('new', 'assigned') AND next_due < @now),
              sum(t.status IN ('new', 'assigned') AND next_due >= @now AND next_due < @dayEnd)
         ${FROM} GROUP BY t.status, t.kind`,
    )
    .raw(),
  threads: db.$client
    .prepare(
      `SELECT m.ticket_id, count(*), max(m.created_at),
              (SELECT l.author FROM ticket_messages l WHERE l.ticket_id = m.ticket_id AND l.author IN ('citizen', 'staff') ORDER BY l.id DESC LIMIT 1)
         FROM ticket_messages m WHERE m.ticket_id IN (SELECT value FROM json_each(?)) AND m.author IN ('citizen', 'staff')
        GROUP BY m.ticket_id`,
    )
    .raw(),
  staffNames: db.$client.prepare(`SELECT id, display_name FROM staff_users`).raw(),
  navCounts: db.$client
    .prepare(`SELECT count(*), coalesce(sum(${NEXT_DUE} < ?), 0) FROM tickets t WHERE t.status IN ('new', 'assigned')`)
    .raw(),
}));

type Cells = [id: number, code: string, kind: TicketKind, status: TicketStatus, subject: string, createdAt: number, nextDue: number | null, assigneeId: number | null];
type CountCells = [status: TicketStatus, kind: TicketKind, inView: number, n: number, overdue: number | null, today: number | null];

function params(ctx: Ctx, q: Partial<InboxQuery> & { view: InboxView }) {
  const now = ctx.clock.now();
  const dayEnd = nextLocalMidnight(now, ctx.timeZone);
  return {
    view: q.view,
    kind: q.kind ?? '',
    due: q.due ?? '',
    assignee: q.assignee === 'none' ? -1 : (q.assignee ?? 0),
    now: now.getTime(),
    dayEnd: dayEnd.getTime(),
  };
}

/**
 * The inbox: one page of tickets with the next deadline, how pressing each is, its assignee and
 * thread size, plus the counts for every filter. Lists never carry the person behind a ticket.
 */
export function ticketInbox(ctx: Ctx, q: InboxQuery): Inbox {
  const st = statements(ctx.db);
  const p = params(ctx, q);
  const cells = (q.sort === 'newest' ? st.byNewest : st.byDue).all({ ...p, limit: q.limit, offset: q.offset }) as Cells[];
  const total = st.total.get(p) as number;

  const counts: InboxCounts = {
    byView: { open: 0, answered: 0, closed: 0, all: 0 },
    byKind: { question: 0, feedback: 0, complaint: 0, denunciation: 0 },
    overdue: 0,
    dueToday: 0,
  };
  for (const [status, kind, inView, n, overdue, today] of st.counts.all(p) as CountCells[]) {
    counts.byView.all += n;
    if (status === 'new' || status === 'assigned') counts.byView.open += n;
    else counts.byView[status] += n;
    if (inView) counts.byKind[kind] += n;
    counts.overdue += overdue ?? 0;
    counts.dueToday += today ?? 0;
  }

  const threads = new Map<number, [number, number, string | null]>();
  if (cells.length) {
    for (const [id, n, last, author] of st.threads.all(JSON.stringify(cells.map((c) => c[0]))) as [number, number, number, string | null][]) {
      threads.set(id, [n, last, author]);
    }
  }
  const names = new Map(st.staffNames.all() as [number, string][]);
  const rows = cells.map(([id, code, kind, status, subject, createdAt, nextDue, assigneeId]): InboxRow => {
    const [messages, last, lastAuthor] = threads.get(id) ?? [0, createdAt, null];
    const open = status !== 'closed';
    return {
      id,
      code,
      kind,
      status,
      subject,
      receivedAt: new Date(createdAt),
      nextDueAt: nextDue === null ? null : new Date(nextDue),
      urgency: !open || nextDue === null ? null : nextDue < p.now ? 'overdue' : nextDue < p.dayEnd ? 'today' : null,
      assigneeName: assigneeId === null ? null : (names.get(assigneeId) ?? null),
      messages,
      lastMessageAt: new Date(last),
      awaitingStaff: open && lastAuthor === 'citizen',
    };
  });
  return { rows, total, counts };
}

/** For the navigation on every page: tickets being worked, and how many of them are overdue. */
export function inboxBadge(ctx: Ctx): { open: number; overdue: number } {
  const [open, overdue] = statements(ctx.db).navCounts.get(ctx.clock.now().getTime()) as [number, number];
  return { open, overdue };
}
