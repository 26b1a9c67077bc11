import { Hono } from 'hono';
import type { Context } from 'hono';
import { Readable } from 'node:stream';
import { compile, type Compilation, type CompileScope } from '../../../domain/compilation.js';
import { DomainError } from '../../../core/errors.js';
import { buildCsv } from '../../../exports/csv.js';
import { zipReceivedFiles, zipSafe } from '../../../exports/files-zip.js';
import { buildWorkbook } from '../../../exports/workbook.js';
import { contentDisposition } from '../../api/files.js';
import type { DashboardDeps, DashboardEnv } from '../env.js';
import { refusalPage } from '../pages/refusal.js';
import { signedIn } from '../session.js';
import { idParam } from './helpers.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type Format = { file: string; build: (c: Compilation, ctx: Context<DashboardEnv>) => Promise<{ body: BodyInit; type: string; name: string }> };

/** The compiled exports, for a requirement or a whole campaign; leaders (viewer) may download them. */
export function exportRoutes(deps: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const links = (c: Context<DashboardEnv>) => ({ baseUrl: deps.config.publicBaseUrl, timeZone: c.get('ctx').timeZone });
  const title = (c: Compilation) => (c.requirements.length === 1 ? c.requirements[0]!.requirement.title : c.campaign.title);
  const formats: Format[] = [
    { file: 'tong-hop.xlsx', build: async (comp, c) => ({ body: new Uint8Array(await buildWorkbook(comp, links(c))), type: XLSX, name: `Tổng hợp - ${title(comp)}.xlsx` }) },
    { file: 'tong-hop.csv', build: async (comp, c) => ({ body: buildCsv(comp, links(c)), type: 'text/csv; charset=utf-8', name: `Tổng hợp - ${title(comp)}.csv` }) },
    {
      file: 'bao-cao.docx',
      build: async (comp, c) => {
        // Loaded on first use, as exceljs is: the docx library costs ~25 MB of memory.
        const { buildReportDocx } = await import('../../../exports/report-docx.js');
        return {
          body: new Uint8Array(await buildReportDocx(comp, { ...deps.config.organization, now: c.get('ctx').clock.now(), timeZone: c.get('ctx').timeZone })),
          type: DOCX,
          name: `Dự thảo báo cáo - ${title(comp)}.docx`,
        };
      },
    },
    {
      file: 'tep.zip',
      build: async (comp, c) => ({ body: Readable.toWeb(await zipReceivedFiles(c.get('ctx'), comp)) as ReadableStream<Uint8Array>, type: 'application/zip', name: `Tệp đã nhận - ${title(comp)}.zip` }),
    },
  ];
  for (const [kind, scopeOf] of [
    ['requirements', (id: number): CompileScope => ({ requirementId: id })],
    ['campaigns', (id: number): CompileScope => ({ campaignId: id })],
  ] as const) {
    for (const format of formats) {
      app.get(`/exports/${kind}/:id/${format.file}`, signedIn(), async (c) => {
        const id = idParam(c.req.param('id'));
        let compilation: Compilation | undefined;
        try {
          compilation = id ? compile(c.get('ctx'), scopeOf(id)) : undefined;
        } catch (err) {
          if (!(err instanceof DomainError && err.kind === 'not_found')) throw err;
        }
        if (!compilation) return c.html(refusalPage('Không tìm thấy', 'Không có kế hoạch hoặc yêu cầu này.', c.get('session')), 404);
        const out = await format.build(compilation, c);
        return new Response(out.body, {
          headers: { 'content-type': out.type, 'content-disposition': contentDisposition(zipSafe(out.name, 150)), 'cache-control': 'private, no-store' },
        });
      });
    }
  }
  return app;
}
