import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ActivityItem } from '../../../domain/activity.js';
import { formatVnDateTime } from '../../../lib/time.js';
import type { DashboardDeps, DashboardEnv } from '../env.js';
import { signedIn } from '../session.js';

/** One line of the "Vừa nhận" list, as the page shows it. */
export function activityLine(item: ActivityItem, timeZone: string): { time: string; text: string; href: string } {
  const time = formatVnDateTime(item.at, timeZone);
  if (item.kind === 'submission') {
    const when = item.onTime ? 'đúng hạn' : 'trễ hạn';
    return {
      time,
      text: `${item.unit.name} đã nộp “${item.requirement.title}” (lần ${item.version}, ${when}, mã ${item.code})`,
      href: `/units/${item.unit.id}#submission-${item.submissionId}`,
    };
  }
  const who = item.unit ? `${item.contactName} (${item.unit.name})` : item.contactName;
  return { time, text: `${who} đã xác nhận thông báo “${item.broadcastTitle}”`, href: item.unit ? `/units/${item.unit.id}` : '/' };
}

/** GET /events: server-sent events with what the bot received, for the overview's live list. */
export function eventRoutes(deps: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.get('/events', signedIn(), (c) => {
    const timeZone = c.get('ctx').timeZone;
    return streamSSE(c, async (stream) => {
      let done: () => void = () => {};
      const finished = new Promise<void>((resolve) => (done = resolve));
      const unsubscribe = deps.feed.subscribe({
        items: (items) => void stream.writeSSE({ event: 'activity', data: JSON.stringify(items.map((i) => activityLine(i, timeZone))) }),
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
