import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ActivityItem } from '../../../domain/activity.js';
import { contactVisibility, type ContactVisibility } from '../../../domain/contact-privacy.js';
import { HIDDEN_NAME } from '../../../domain/broadcast-status.js';
import { formatVnDateTime } from '../../../lib/time.js';
import { hasRole } from '../../auth.js';
import type { DashboardDeps, DashboardEnv } from '../env.js';
import { TICKET_KIND_LABEL } from '../pages/labels.js';
import { signedIn } from '../session.js';

export type ActivityLine = { time: string; text: string; href: string; ticketId?: number };

/** One line of the "Vừa nhận" list, as the page shows it, with names the reader may not see masked. */
export function activityLine(item: ActivityItem, timeZone: string, visibility: ContactVisibility = 'all'): ActivityLine {
  const time = formatVnDateTime(item.at, timeZone);
  if (item.kind === 'submission') {
    const when = item.onTime ? 'đúng hạn' : 'trễ hạn';
    return {
      time,
      text: `${item.unit.name} đã nộp “${item.requirement.title}” (lần ${item.version}, ${when}, mã ${item.code})`,
      href: `/units/${item.unit.id}#submission-${item.submissionId}`,
    };
  }
  if (item.kind === 'ticket') {
    const what = item.first ? `Phiếu mới ${item.code} (${TICKET_KIND_LABEL[item.ticketKind]})` : `Tin nhắn mới ở phiếu ${item.code}`;
    return { time, text: `${what}: ${item.subject}`, href: `/inbox/${item.ticketId}`, ticketId: item.ticketId };
  }
  const hidden = visibility !== 'all' && (item.denouncer || (visibility === 'units_only' && item.contactRole === 'citizen'));
  const name = hidden ? HIDDEN_NAME : item.contactName;
  const who = item.unit ? `${name} (${item.unit.name})` : name;
  return { time, text: `${who} đã xác nhận thông báo “${item.broadcastTitle}”`, href: item.unit ? `/units/${item.unit.id}` : '/broadcasts' };
}

/**
 * GET /events: server-sent events with what the bot received — submissions, acknowledgements,
 * and (from the staff role up, like the inbox) people's ticket messages — for the live pages.
 */
export function eventRoutes(deps: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.get('/events', signedIn(), (c) => {
    const { timeZone, actor } = c.get('ctx');
    const visibility = contactVisibility(actor);
    const seesTickets = hasRole(actor, 'staff');
    const lines = (items: ActivityItem[]) => items.filter((i) => i.kind !== 'ticket' || seesTickets).map((i) => activityLine(i, timeZone, visibility));
    return streamSSE(c, async (stream) => {
      let done: () => void = () => {};
      const finished = new Promise<void>((resolve) => (done = resolve));
      const unsubscribe = deps.feed.subscribe({
        items: (items) => {
          const shown = lines(items);
          if (shown.length) void stream.writeSSE({ event: 'activity', data: JSON.stringify(shown) });
        },
        close: () => done(),
      });
      stream.onAbort(() => done());
      await stream.writeSSE({ event: 'ready', data: '{}', retry: 5000 });
      // A comment every 25 s keeps proxies from closing an idle stream.
      const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n'), 25_000);
      await finished;
      clearInterval(keepAlive);
      unsubscribe();
    });
  });
  return app;
}
