import { Hono } from 'hono';
import type { Context } from 'hono';
import { parseFormText } from '../../../core/forms/load.js';
import { validateForm } from '../../../core/forms/schema.js';
import { recordAudit } from '../../../domain/audit.js';
import { auditVocabulary, listAuditPage } from '../../../domain/audit-log.js';
import { DomainError } from '../../../core/errors.js';
import { getFormEntry, listForms, saveForm } from '../../../domain/forms.js';
import { listJobRuns, listJobs, runJob } from '../../../jobs/registry.js';
import { parseInstant } from '../../../lib/time.js';
import type { DashboardDeps, DashboardEnv } from '../env.js';
import { setFlash, takeFlash } from '../flash.js';
import { adminIndexPage, jobsPage } from '../pages/admin.js';
import { AUDIT_PAGE_SIZE, auditPage, type AuditFilters } from '../pages/admin-audit.js';
import { formPage, formsPage } from '../pages/admin-forms.js';
import { signedIn } from '../session.js';
import { found, mistake, notFoundPage, readForm } from './helpers.js';

const MAX_FORM_BYTES = 256 * 1024;

/** Administration home, forms (upload YAML, see its problems), jobs with "run now", the audit log. */
export function adminSystemRoutes(deps: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const staff = signedIn('staff');

  app.get('/admin', staff, (c) => c.html(adminIndexPage({ session: c.get('session'), zaloOa: deps.config.zaloOa !== undefined })));

  const forms = (c: Context<DashboardEnv>, extra: { issues?: { path: string; message: string }[]; error?: string } = {}) =>
    formsPage({ session: c.get('session'), forms: listForms(c.get('ctx')), flash: takeFlash(c), ...extra });

  app.get('/admin/forms', staff, (c) => c.html(forms(c)));

  app.post('/admin/forms', staff, async (c) => {
    const file = (await readForm(c)).file;
    if (!(file instanceof File) || file.size === 0) return c.html(forms(c, { error: 'Anh/chị chọn tệp mẫu biểu (.yaml).' }), 400);
    if (file.size > MAX_FORM_BYTES) return c.html(forms(c, { error: 'Tệp mẫu biểu lớn quá 256 KB.' }), 413);
    try {
      const result = validateForm(parseFormText(await file.text(), 'application/yaml'));
      if (!result.ok) return c.html(forms(c, { error: `Mẫu biểu có ${result.issues.length} lỗi; chưa lưu gì.`, issues: result.issues }), 400);
      const { entry, created } = saveForm(c.get('ctx'), result.form);
      setFlash(c, { kind: 'ok', text: `${created ? 'Đã thêm' : 'Đã thay'} mẫu biểu “${entry.title}”.` });
      return c.redirect(`/admin/forms/${entry.key}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const error = err.kind === 'conflict' ? 'Mã mẫu biểu này là mẫu có sẵn, không thay được; hãy đặt mã khác.' : err.field === 'body' ? 'Tệp không đọc được như YAML; kiểm tra thụt dòng và dấu hai chấm.' : mistake(err);
      return c.html(forms(c, { error }), 400);
    }
  });

  app.get('/admin/forms/:key', staff, (c) => {
    const form = found(() => getFormEntry(c.get('ctx'), c.req.param('key').slice(0, 64)));
    if (!form) return notFoundPage(c, 'Không có mẫu biểu này.');
    return c.html(formPage({ session: c.get('session'), form }));
  });

  app.get('/admin/jobs', staff, (c) => {
    const jobs = listJobs().map((j) => ({ ...j, runs: listJobRuns(deps.db, { name: j.name, limit: 5 }) }));
    return c.html(jobsPage({ session: c.get('session'), jobs, timeZone: c.get('ctx').timeZone, flash: takeFlash(c) }));
  });

  app.post('/admin/jobs/:name/run', staff, async (c) => {
    const name = c.req.param('name').slice(0, 40);
    if (!listJobs().some((j) => j.name === name)) return notFoundPage(c, 'Không có tác vụ này.');
    const ctx = c.get('ctx');
    try {
      const run = await runJob(name, deps, 'api');
      ctx.db.transaction(() => recordAudit(ctx, { action: 'job.run', entity: 'job', entityId: name, after: { runId: run.id, status: run.status } }));
      setFlash(c, run.status === 'ok' ? { kind: 'ok', text: `Đã chạy ${name}.` } : { kind: 'error', text: `${name} không chạy xong; xem nhật ký máy chủ.` });
    } catch (err) {
      if (!(err instanceof DomainError && err.kind === 'conflict')) throw err;
      setFlash(c, { kind: 'error', text: `${name} đang chạy; đợi lần chạy này xong.` });
    }
    return c.redirect('/admin/jobs', 303);
  });

  app.get('/admin/audit', signedIn('admin'), (c) => {
    const ctx = c.get('ctx');
    const q = (name: string, max = 100) => c.req.query(name)?.trim().slice(0, max) ?? '';
    const filters: AuditFilters = { entity: q('entity'), action: q('action'), actor: q('actor'), from: q('from', 10), to: q('to', 10), offset: Math.max(0, Math.floor(Number(c.req.query('offset')) || 0)) };
    const day = (v: string, end: boolean) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? parseInstant(`${v} ${end ? '23:59:59' : '00:00:00'}`, ctx.timeZone) : undefined);
    const badDate = (filters.from && !day(filters.from, false)) || (filters.to && !day(filters.to, true));
    const page = listAuditPage(ctx, {
      entity: filters.entity || undefined,
      action: filters.action || undefined,
      actor: filters.actor || undefined,
      from: day(filters.from, false),
      to: day(filters.to, true),
      limit: AUDIT_PAGE_SIZE,
      offset: filters.offset,
    });
    const error = badDate ? 'Ngày lọc không đúng; đã bỏ qua ngày đó.' : undefined;
    return c.html(auditPage({ session: c.get('session'), ...page, filters, vocabulary: auditVocabulary(ctx), timeZone: ctx.timeZone, error }));
  });

  return app;
}
