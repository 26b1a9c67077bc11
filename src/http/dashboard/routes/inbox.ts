import { Hono } from 'hono';
import type { Context } from 'hono';
import { DomainError } from '../../../core/errors.js';
import { fillSavedReply, listSavedReplies } from '../../../domain/saved-replies.js';
import { listStaffUsers } from '../../../domain/staff-users.js';
import { INBOX_DUE, INBOX_VIEWS, TICKET_KINDS, ticketInbox, type InboxDue, type InboxQuery, type InboxView } from '../../../domain/ticket-inbox.js';
import { ticketRegister } from '../../../domain/ticket-register.js';
import { addTicketNote, assignTicket, closeTicket, getTicket, reopenTicket, replyToTicket, type TicketDetail, type TicketKind } from '../../../domain/tickets.js';
import { buildTicketRegister } from '../../../exports/ticket-register.js';
import { XLSX_TYPE } from '../../../exports/table-workbook.js';
import { parseInstant } from '../../../lib/time.js';
import { contentDisposition } from '../../api/files.js';
import type { DashboardEnv } from '../env.js';
import { setFlash, takeFlash } from '../flash.js';
import { INBOX_PAGE_SIZE, inboxPage } from '../pages/inbox.js';
import { ticketPage } from '../pages/ticket.js';
import { signedIn } from '../session.js';
import { field, found, idParam, mistake, notFoundPage, readForm, type Form } from './helpers.js';

/** Filters from the address bar; anything unreadable is simply not applied. */
function inboxQuery(c: Context): InboxQuery {
  const q = (name: string) => c.req.query(name) ?? '';
  const assignee = q('assignee');
  return {
    view: (INBOX_VIEWS as readonly string[]).includes(q('view')) ? (q('view') as InboxView) : 'open',
    kind: (TICKET_KINDS as string[]).includes(q('kind')) ? (q('kind') as TicketKind) : undefined,
    due: (INBOX_DUE as readonly string[]).includes(q('due')) ? (q('due') as InboxDue) : undefined,
    assignee: assignee === 'none' ? 'none' : idParam(assignee),
    sort: q('sort') === 'newest' ? 'newest' : 'due',
    limit: INBOX_PAGE_SIZE,
    offset: Math.min(1_000_000, Math.max(0, Math.floor(Number(q('offset')) || 0))),
  };
}

/** What a ticket verb's refusal means to the person who pressed the button. */
const WORDING = {
  text: 'Anh/chị nhập nội dung (tối đa 4.000 ký tự).',
  status: 'Phiếu đã đóng; mở lại phiếu trước khi trả lời hoặc giao việc.',
  contact: 'Người gửi đã yêu cầu xóa dữ liệu cá nhân nên không nhận được tin nhắn nữa.',
  staffUserId: 'Cán bộ được chọn không còn hoạt động.',
};

/** The inbox, one ticket, and what staff do on it: reply, note, assign, close, reopen; the register export. */
export function inboxRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const staff = signedIn('staff');

  app.get('/inbox', staff, (c) => {
    const ctx = c.get('ctx');
    const query = inboxQuery(c);
    return c.html(inboxPage({ session: c.get('session'), inbox: ticketInbox(ctx, query), query, timeZone: ctx.timeZone, flash: takeFlash(c) }));
  });

  app.get('/inbox/register.xlsx', staff, async (c) => {
    const ctx = c.get('ctx');
    const day = (name: string) => {
      const v = c.req.query(name) ?? '';
      return /^\d{4}-\d{2}-\d{2}$/.test(v) ? parseInstant(`${v} 00:00`, ctx.timeZone) : undefined;
    };
    const from = day('from');
    const toDay = day('to');
    const back = (text: string) => {
      setFlash(c, { kind: 'error', text });
      return c.redirect('/inbox#register-title', 303);
    };
    if (!from || !toDay) return back('Anh/chị chọn ngày bắt đầu và ngày kết thúc của sổ theo dõi.');
    const to = new Date(toDay.getTime() + 24 * 3600_000); // the whole last day
    try {
      const rows = ticketRegister(ctx, { from, to, withRequesters: c.req.query('requesters') === '1' });
      const body = new Uint8Array(await buildTicketRegister(rows, ctx.timeZone));
      const name = `So theo doi phieu ${c.req.query('from')} - ${c.req.query('to')}.xlsx`;
      return new Response(body, { headers: { 'content-type': XLSX_TYPE, 'content-disposition': contentDisposition(name), 'cache-control': 'private, no-store' } });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return back(err.kind === 'forbidden' ? 'Chỉ quản trị viên được tải sổ kèm người gửi.' : mistake(err));
    }
  });

  app.get('/inbox/:id', staff, (c) => {
    const id = idParam(c.req.param('id'));
    const ctx = c.get('ctx');
    const ticket = id ? found(() => getTicket(ctx, id)) : undefined;
    if (!ticket) return notFoundPage(c, 'Không có phiếu này. Có thể đường dẫn đã cũ.');
    const chosen = idParam(c.req.query('mau'));
    return c.html(ticketPage(pageData(c, ticket, chosen)));
  });

  function pageData(c: Context<DashboardEnv>, ticket: TicketDetail, chosenReply?: number, draft?: string) {
    const ctx = c.get('ctx');
    const session = c.get('session');
    const colleagues = listStaffUsers(ctx, { active: true, limit: 500, offset: 0 }).items.filter((u) => u.role !== 'viewer');
    const savedReplies = listSavedReplies(ctx).map((reply) => ({ reply, text: fillSavedReply(ctx, reply.body, ticket, session.user.displayName) }));
    const text = draft ?? savedReplies.find((s) => s.reply.id === chosenReply)?.text ?? '';
    return { session, ticket, colleagues, savedReplies, draft: text, timeZone: ctx.timeZone, flash: takeFlash(c) };
  }

  /** One action on a ticket: runs it, says what happened, and goes back to the ticket (or re-shows the typed reply). */
  const action = (path: string, run: (c: Context<DashboardEnv>, id: number, form: Form) => string) =>
    app.post(`/inbox/:id/${path}`, staff, async (c) => {
      const id = idParam(c.req.param('id'));
      const ctx = c.get('ctx');
      const ticket = id ? found(() => getTicket(ctx, id)) : undefined;
      if (!ticket) return notFoundPage(c, 'Không có phiếu này. Có thể đường dẫn đã cũ.');
      const form = await readForm(c);
      try {
        setFlash(c, { kind: 'ok', text: run(c, ticket.id, form) });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const text = mistake(err, WORDING);
        if (path === 'reply') {
          // Keep what they typed: a refused reply must not lose it.
          const data = pageData(c, ticket, undefined, field(form, 'text'));
          return c.html(ticketPage({ ...data, flash: { kind: 'error', text } }), 400);
        }
        setFlash(c, { kind: 'error', text });
      }
      return c.redirect(`/inbox/${ticket.id}`, 303);
    });

  action('reply', (c, id, form) => {
    replyToTicket(c.get('ctx'), id, { text: field(form, 'text') });
    return 'Đã gửi trả lời; người dân nhận trong cuộc trò chuyện với bot.';
  });
  action('note', (c, id, form) => {
    addTicketNote(c.get('ctx'), id, { text: field(form, 'text') });
    return 'Đã lưu ghi chú nội bộ (không gửi cho người dân).';
  });
  action('assign', (c, id, form) => {
    const staffUserId = idParam(field(form, 'staffUserId', 20)) ?? null;
    assignTicket(c.get('ctx'), id, { staffUserId });
    if (staffUserId === null) return 'Đã bỏ giao: phiếu chưa ai nhận.';
    return staffUserId === c.get('session').user.id ? 'Anh/chị đã nhận xử lý phiếu này.' : 'Đã giao phiếu cho đồng nghiệp.';
  });
  action('close', (c, id, form) => {
    closeTicket(c.get('ctx'), id, { note: field(form, 'note') });
    return 'Đã đóng phiếu; người dân đã được báo.';
  });
  action('reopen', (c, id) => {
    reopenTicket(c.get('ctx'), id);
    return 'Đã mở lại phiếu.';
  });

  return app;
}
