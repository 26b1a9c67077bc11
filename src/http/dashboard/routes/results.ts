import { Hono } from 'hono';
import type { Context } from 'hono';
import { listCampaigns } from '../../../domain/campaigns.js';
import { DomainError } from '../../../core/errors.js';
import { listModels, markModelForReplication, unmarkModel, type ModelQuery } from '../../../domain/models.js';
import { PUNCTUALITY_SORTS, punctualityRecord, type PunctualityQuery, type PunctualitySort } from '../../../domain/punctuality.js';
import { buildModelsWorkbook } from '../../../exports/models-workbook.js';
import { buildPunctualityWorkbook } from '../../../exports/punctuality-workbook.js';
import { XLSX_TYPE } from '../../../exports/table-workbook.js';
import { contentDisposition } from '../../api/files.js';
import type { DashboardEnv } from '../env.js';
import { setFlash, takeFlash } from '../flash.js';
import { modelsPage } from '../pages/models.js';
import { punctualityPage } from '../pages/punctuality.js';
import { signedIn } from '../session.js';
import { safeNext } from './auth.js';
import { field, found, idParam, mistake, readForm } from './helpers.js';

function modelQuery(c: Context): ModelQuery {
  const marked = c.req.query('marked');
  return {
    unitKind: c.req.query('kind')?.slice(0, 40) || undefined,
    area: c.req.query('area')?.slice(0, 200) || undefined,
    campaignId: idParam(c.req.query('campaign')),
    replicated: marked === '1' ? true : marked === '0' ? false : undefined,
  };
}

function punctualityQuery(c: Context): PunctualityQuery {
  const sort = c.req.query('sort');
  return {
    campaignId: idParam(c.req.query('campaign')),
    kind: c.req.query('kind')?.slice(0, 40) || undefined,
    q: c.req.query('q')?.trim().slice(0, 200) || undefined,
    sort: (PUNCTUALITY_SORTS as readonly string[]).includes(sort ?? '') ? (sort as PunctualitySort) : undefined,
    desc: c.req.query('dir') === 'desc',
  };
}

const xlsx = (body: Buffer, name: string) =>
  new Response(new Uint8Array(body), { headers: { 'content-type': XLSX_TYPE, 'content-disposition': contentDisposition(name), 'cache-control': 'private, no-store' } });

/** What the plan asks once results are in: models to replicate, and the punctuality record. */
export function resultRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get('/models', signedIn(), (c) => {
    const ctx = c.get('ctx');
    const query = modelQuery(c);
    return c.html(modelsPage({ session: c.get('session'), list: listModels(ctx, query), query, timeZone: ctx.timeZone, flash: takeFlash(c) }));
  });

  app.get('/models.xlsx', signedIn(), async (c) => {
    const ctx = c.get('ctx');
    return xlsx(await buildModelsWorkbook(listModels(ctx, modelQuery(c)).items, ctx.timeZone), 'Mô hình Dân vận khéo.xlsx');
  });

  for (const [path, mark] of [['mark', true], ['unmark', false]] as const) {
    app.post(`/models/${path}`, signedIn('staff'), async (c) => {
      const ctx = c.get('ctx');
      const form = await readForm(c);
      const requirementId = idParam(field(form, 'requirementId', 20));
      const unitId = idParam(field(form, 'unitId', 20));
      const back = safeNext(field(form, 'back', 500));
      try {
        const done =
          requirementId && unitId
            ? found(() => (mark ? markModelForReplication(ctx, { requirementId, unitId, note: field(form, 'note', 2000) }) : unmarkModel(ctx, { requirementId, unitId }), true))
            : undefined;
        setFlash(c, done ? { kind: 'ok', text: mark ? 'Đã đánh dấu mô hình để nhân rộng.' : 'Đã bỏ đánh dấu nhân rộng.' } : { kind: 'error', text: 'Không tìm thấy mô hình này.' });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        setFlash(c, { kind: 'error', text: mistake(err) });
      }
      return c.redirect(`${back}#model-${requirementId}-${unitId}`, 303);
    });
  }

  app.get('/punctuality', signedIn(), (c) => {
    const ctx = c.get('ctx');
    const query = punctualityQuery(c);
    const campaigns = listCampaigns(ctx, { limit: 500, offset: 0 }).items.map((k) => ({ id: k.id, title: k.title }));
    return c.html(punctualityPage({ session: c.get('session'), record: punctualityRecord(ctx, query), query, campaigns }));
  });

  app.get('/punctuality.xlsx', signedIn(), async (c) => {
    const ctx = c.get('ctx');
    return xlsx(await buildPunctualityWorkbook(punctualityRecord(ctx, { ...punctualityQuery(c), withCells: true }), ctx.timeZone), 'Chuyên cần đơn vị.xlsx');
  });

  return app;
}
