import { Hono } from 'hono';
import type { Context } from 'hono';
import { extendDeadline, unitDueAt } from '../../../domain/deadline-extensions.js';
import { DomainError } from '../../../core/errors.js';
import { remindNow, type RemindNowResult } from '../../../domain/manual-reminders.js';
import { parseQuietHours } from '../../../domain/quiet-hours.js';
import { requirementRows, ROW_SORTS, type RowQuery, type RowSort } from '../../../domain/requirement-rows.js';
import { STATUS_ORDER, type UnitStatus } from '../../../domain/requirement-status.js';
import { getRequirement } from '../../../domain/requirements.js';
import { getUnit } from '../../../domain/units.js';
import { formatVnDateTime } from '../../../lib/time.js';
import type { DashboardDeps, DashboardEnv } from '../env.js';
import { setFlash, takeFlash } from '../flash.js';
import { extendPage } from '../pages/extend.js';
import { refusalPage } from '../pages/refusal.js';
import { requirementPage } from '../pages/requirement.js';
import { signedIn } from '../session.js';
import { idParam } from './helpers.js';


/** Filters from the query string; anything unreadable is simply not applied. */
export function rowQuery(c: Context): RowQuery {
  const status = c.req.query('status');
  const sort = c.req.query('sort');
  const q = c.req.query('q')?.trim().slice(0, 200);
  return {
    status: STATUS_ORDER.includes(status as UnitStatus) ? (status as UnitStatus) : undefined,
    kind: c.req.query('kind')?.slice(0, 60) || undefined,
    parentId: idParam(c.req.query('parent')),
    q: q || undefined,
    sort: ROW_SORTS.includes(sort as RowSort) ? (sort as RowSort) : undefined,
    desc: c.req.query('dir') === 'desc',
  };
}

function remindedText(r: RemindNowResult, timeZone: string): string {
  const parts: string[] = [];
  if (r.reminded > 0) parts.push(`Đã gửi nhắc cho ${r.reminded} đơn vị (${r.messages} tin nhắn).`);
  if (r.heldUntil) parts.push(`Đang trong giờ yên lặng ban đêm: tin nhắn sẽ đi lúc ${formatVnDateTime(r.heldUntil, timeZone)}.`);
  if (r.unreachable > 0) parts.push(`${r.unreachable} đơn vị chưa có đầu mối nhận tin trên Cầu Nối — cần gọi điện.`);
  if (r.tooSoon > 0) parts.push(`${r.tooSoon} đơn vị vừa được nhắc chưa đầy 1 phút trước nên không nhắc lại.`);
  if (r.notOwing > 0) parts.push(`${r.notOwing} đơn vị đã nộp bài, không cần nhắc.`);
  return parts.join(' ') || 'Không có đơn vị nào cần nhắc.';
}

/** The requirement page: the table of units, remind one or all, gia hạn per unit. */
export function requirementRoutes(deps: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const quietHours = parseQuietHours(deps.config.quietHours);
  const notFoundPage = (c: Context<DashboardEnv>) =>
    c.html(refusalPage('Không tìm thấy', 'Không có yêu cầu hoặc đơn vị này. Có thể đường dẫn đã cũ.', c.get('session')), 404);

  app.get('/requirements/:id', signedIn(), (c) => {
    const id = idParam(c.req.param('id'));
    const ctx = c.get('ctx');
    if (!id) return notFoundPage(c);
    try {
      const query = rowQuery(c);
      return c.html(requirementPage({ session: c.get('session'), data: requirementRows(ctx, id, query), query, timeZone: ctx.timeZone, flash: takeFlash(c) }));
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'not_found') return notFoundPage(c);
      throw err;
    }
  });

  const remind = (all: boolean) =>
    app.post(`/requirements/:id/${all ? 'remind-all' : 'remind'}`, signedIn('staff'), async (c) => {
      const id = idParam(c.req.param('id'));
      if (!id) return notFoundPage(c);
      const form = await c.req.parseBody();
      const unitId = idParam(typeof form.unitId === 'string' ? form.unitId : undefined);
      if (!all && !unitId) return notFoundPage(c);
      const ctx = c.get('ctx');
      try {
        const result = remindNow(ctx, { requirementId: id, unitIds: all ? undefined : [unitId!], quietHours });
        setFlash(c, { kind: 'ok', text: remindedText(result, ctx.timeZone) });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        if (err.kind === 'not_found') return notFoundPage(c);
        setFlash(c, { kind: 'error', text: err.message });
      }
      return c.redirect(`/requirements/${id}`, 303);
    });
  remind(false);
  remind(true);

  const loadExtend = (c: Context<DashboardEnv>) => {
    const ctx = c.get('ctx');
    const id = idParam(c.req.param('id'));
    const unitId = idParam(c.req.param('unitId'));
    if (!id || !unitId) return undefined;
    try {
      const requirement = getRequirement(ctx, id);
      return { requirement, unit: getUnit(ctx, unitId), currentDueAt: unitDueAt(ctx.db, requirement, unitId) };
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'not_found') return undefined;
      throw err;
    }
  };

  app.get('/requirements/:id/units/:unitId/extend', signedIn('staff'), (c) => {
    const found = loadExtend(c);
    if (!found) return notFoundPage(c);
    return c.html(extendPage({ session: c.get('session'), ...found, timeZone: c.get('ctx').timeZone }));
  });

  app.post('/requirements/:id/units/:unitId/extend', signedIn('staff'), async (c) => {
    const found = loadExtend(c);
    if (!found) return notFoundPage(c);
    const ctx = c.get('ctx');
    const form = await c.req.parseBody();
    const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    const values = { date: text('date').slice(0, 10), time: text('time').slice(0, 5) || '17:00', reason: text('reason') };
    try {
      const ext = extendDeadline(ctx, { requirementId: found.requirement.id, unitId: found.unit.id, dueAt: `${values.date} ${values.time}`, reason: values.reason });
      setFlash(c, { kind: 'ok', text: `Đã gia hạn cho ${found.unit.name} đến ${formatVnDateTime(ext.dueAt, ctx.timeZone)}.` });
      return c.redirect(`/requirements/${found.requirement.id}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return c.html(extendPage({ session: c.get('session'), ...found, timeZone: ctx.timeZone, error: err.message, values }), 400);
    }
  });

  return app;
}
