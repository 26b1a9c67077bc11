import { Hono } from 'hono';
import type { Context } from 'hono';
import { DomainError, invalid } from '../../../core/errors.js';
import { importUnits, MAX_LISTED_ERRORS, type ImportError } from '../../../domain/unit-import.js';
import { createUnitKind, listUnitKinds, UNIT_KIND_KEY, updateUnitKind } from '../../../domain/unit-kinds.js';
import { createUnit, deactivateUnit, findUnitByCode, getUnit, listUnits, updateUnit, type UnitView } from '../../../domain/units.js';
import { jsonBodyLimit, MB } from '../../body-limit.js';
import type { DashboardDeps, DashboardEnv } from '../env.js';
import { setFlash, takeFlash } from '../flash.js';
import { unitKindsPage } from '../pages/admin-kinds.js';
import { adminUnitEditPage, adminUnitsPage, unitImportPage, UNITS_PAGE_SIZE, type UnitDraft } from '../pages/admin-units.js';
import { signedIn } from '../session.js';
import { field, found, idParam, mistake, notFoundPage, readForm, type Form } from './helpers.js';

const UNIT_WORDING = {
  code: 'Mã đơn vị: 1–40 ký tự gồm chữ, số, dấu chấm, gạch dưới, gạch ngang; không trùng mã đã có.',
  name: 'Tên đơn vị: cần có, tối đa 300 ký tự.',
  kind: 'Loại đơn vị không có trong danh sách.',
  parentId: 'Đơn vị cấp trên không đúng (không có mã đó, hoặc là chính đơn vị này hay đơn vị cấp dưới của nó).',
  area: 'Địa bàn: tối đa 200 ký tự.',
};

const readUnitDraft = (form: Form): UnitDraft => ({
  code: field(form, 'code', 60).trim(),
  name: field(form, 'name', 400),
  kind: field(form, 'kind', 60),
  parentCode: field(form, 'parentCode', 60).trim(),
  area: field(form, 'area', 300),
});

const draftOf = (u: UnitView): UnitDraft => ({ code: u.code, name: u.name, kind: u.kind, parentCode: u.parent?.code ?? '', area: u.area ?? '' });

/** Administration of units: list, create, edit, (de)activate, import with per-row errors, and unit kinds. */
export function adminUnitRoutes(deps: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const staff = signedIn('staff');
  const { importBytes, importRows } = deps.config.limits;

  const parentIdOf = (c: Context<DashboardEnv>, code: string): number | null => {
    if (!code) return null;
    const parent = findUnitByCode(c.get('ctx'), code);
    if (!parent) throw invalid(`Không có đơn vị cấp trên mã ${code}.`, 'parentId');
    return parent.id;
  };

  const listPage = (c: Context<DashboardEnv>, draft: UnitDraft, error?: string) => {
    const ctx = c.get('ctx');
    const q = c.req.query('q')?.slice(0, 200) ?? '';
    const kind = c.req.query('kind')?.slice(0, 40) ?? '';
    const active = c.req.query('active') === 'true' || c.req.query('active') === 'false' ? c.req.query('active')! : '';
    const offset = Math.min(10_000_000, Math.max(0, Math.floor(Number(c.req.query('offset')) || 0)));
    const { items, total } = listUnits(ctx, { q: q || undefined, kind: kind || undefined, active: active ? active === 'true' : undefined, limit: UNITS_PAGE_SIZE, offset });
    return adminUnitsPage({ session: c.get('session'), units: items, total, query: { q, kind, active, offset }, kinds: listUnitKinds(ctx), draft, error, flash: takeFlash(c) });
  };

  app.get('/admin/units', staff, (c) => c.html(listPage(c, { code: '', name: '', kind: '', parentCode: '', area: '' })));

  app.post('/admin/units', staff, async (c) => {
    const draft = readUnitDraft(await readForm(c));
    try {
      const unit = createUnit(c.get('ctx'), { code: draft.code, name: draft.name, kind: draft.kind, parentId: parentIdOf(c, draft.parentCode), area: draft.area || null });
      setFlash(c, { kind: 'ok', text: `Đã thêm ${unit.name}.` });
      return c.redirect(`/admin/units?q=${encodeURIComponent(unit.code)}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return c.html(listPage(c, draft, mistake(err, UNIT_WORDING)), 400);
    }
  });

  app.get('/admin/units/import', staff, (c) => c.html(unitImportPage({ session: c.get('session') })));

  app.post('/admin/units/import', jsonBodyLimit(importBytes + MB, `Tệp lớn quá ${importBytes / MB} MB (IMPORT_MAX_MB).`, 'file'), staff, async (c) => {
    const form = await readForm(c);
    const file = form.file instanceof File && form.file.size > 0 ? form.file : undefined;
    const session = c.get('session');
    if (!file) return c.html(unitImportPage({ session, errors: { message: 'Anh/chị chọn tệp danh sách đơn vị.', rows: [], total: 0 } }), 400);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await importUnits(c.get('ctx'), { bytes, filename: file.name, contentType: file.type, dryRun: field(form, 'dryRun') === '1', maxRows: importRows });
      return c.html(unitImportPage({ session, result }));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const details = err.details as { errors?: ImportError[]; totalErrors?: number } | undefined;
      const rows = details?.errors?.slice(0, MAX_LISTED_ERRORS) ?? [];
      const status = err.kind === 'limit' ? 413 : err.kind === 'conflict' ? 409 : 400;
      return c.html(unitImportPage({ session, errors: { message: mistake(err), rows, total: details?.totalErrors ?? rows.length } }), status);
    }
  });

  const loadUnit = (c: Context<DashboardEnv>) => {
    const id = idParam(c.req.param('id'));
    return id ? found(() => getUnit(c.get('ctx'), id)) : undefined;
  };

  app.get('/admin/units/:id/edit', staff, (c) => {
    const unit = loadUnit(c);
    if (!unit) return notFoundPage(c);
    return c.html(adminUnitEditPage({ session: c.get('session'), unit, draft: draftOf(unit), kinds: listUnitKinds(c.get('ctx')) }));
  });

  app.post('/admin/units/:id/edit', staff, async (c) => {
    const unit = loadUnit(c);
    if (!unit) return notFoundPage(c);
    const draft = readUnitDraft(await readForm(c));
    try {
      updateUnit(c.get('ctx'), unit.id, { code: draft.code, name: draft.name, kind: draft.kind, parentId: parentIdOf(c, draft.parentCode), area: draft.area || null });
      setFlash(c, { kind: 'ok', text: `Đã lưu ${draft.name.trim()}.` });
      return c.redirect(`/units/${unit.id}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return c.html(adminUnitEditPage({ session: c.get('session'), unit, draft, kinds: listUnitKinds(c.get('ctx')), error: mistake(err, UNIT_WORDING) }), 400);
    }
  });

  for (const [path, active] of [['deactivate', false], ['activate', true]] as const) {
    app.post(`/admin/units/:id/${path}`, staff, (c) => {
      const unit = loadUnit(c);
      if (!unit) return notFoundPage(c);
      if (active) updateUnit(c.get('ctx'), unit.id, { active: true });
      else deactivateUnit(c.get('ctx'), unit.id);
      setFlash(c, { kind: 'ok', text: active ? `${unit.name} hoạt động lại.` : `${unit.name} đã ngừng hoạt động: không còn trong đối tượng yêu cầu và thông báo.` });
      return c.redirect(`/units/${unit.id}`, 303);
    });
  }

  app.get('/admin/unit-kinds', staff, (c) => c.html(unitKindsPage({ session: c.get('session'), kinds: listUnitKinds(c.get('ctx')), flash: takeFlash(c) })));

  app.post('/admin/unit-kinds', staff, async (c) => {
    const form = await readForm(c);
    const key = field(form, 'key', 60).trim();
    const label = field(form, 'label', 200).trim();
    try {
      if (!UNIT_KIND_KEY.test(key)) throw invalid('Mã loại: chữ thường không dấu, số và _, 2–40 ký tự, bắt đầu bằng chữ.', 'key');
      if (!label) throw invalid('Anh/chị nhập tên loại.', 'label');
      createUnitKind(c.get('ctx'), { key, label, sortOrder: (listUnitKinds(c.get('ctx')).at(-1)?.sortOrder ?? 0) + 10 });
      setFlash(c, { kind: 'ok', text: `Đã thêm loại “${label}”.` });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      setFlash(c, { kind: 'error', text: err.kind === 'conflict' ? `Đã có loại mã ${key}.` : mistake(err) });
    }
    return c.redirect('/admin/unit-kinds', 303);
  });

  app.post('/admin/unit-kinds/:key', staff, async (c) => {
    const form = await readForm(c);
    const label = field(form, 'label', 200).trim();
    const sortOrder = Number(field(form, 'sortOrder', 10));
    if (!label || !Number.isInteger(sortOrder) || sortOrder < 0) {
      setFlash(c, { kind: 'error', text: 'Tên loại cần có; thứ tự là một số nguyên không âm.' });
      return c.redirect('/admin/unit-kinds', 303);
    }
    const kind = found(() => updateUnitKind(c.get('ctx'), c.req.param('key'), { label, sortOrder }));
    if (!kind) return notFoundPage(c);
    setFlash(c, { kind: 'ok', text: `Đã lưu loại “${kind.label}”.` });
    return c.redirect('/admin/unit-kinds', 303);
  });

  return app;
}
