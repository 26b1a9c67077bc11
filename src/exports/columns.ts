import type { AnswerValue } from '../core/forms/answers.js';
import { questionLabel, type Question } from '../core/forms/schema.js';
import type { CompiledRequirement, CompiledRow } from '../domain/compilation.js';
import { statusText } from '../lib/status-words.js';
import { wallClock } from '../lib/local-iso.js';

/** A typed cell: spreadsheets keep numbers as numbers and dates as dates. */
export type Cell =
  | { t: 'text'; v: string }
  | { t: 'number'; v: number }
  | { t: 'datetime'; v: Date }
  | { t: 'date'; v: Date }
  | { t: 'link'; v: string; url: string }
  | { t: 'empty' };

export type Column = { header: string; width: number; format?: 'datetime' | 'date' | 'number'; cell: (row: CompiledRow) => Cell };

export type ExportLinks = { baseUrl: string; timeZone: string };

const text = (v: string | null | undefined): Cell => (v ? { t: 'text', v } : { t: 'empty' });
const num = (v: number | null | undefined): Cell => (v === null || v === undefined ? { t: 'empty' } : { t: 'number', v });

function answerCell(q: Question, value: AnswerValue | undefined): Cell {
  if (value === undefined || value === null) return { t: 'empty' };
  switch (q.type) {
    case 'number':
      return typeof value === 'number' ? { t: 'number', v: value } : text(String(value));
    case 'date': {
      const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
      return m ? { t: 'date', v: new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) } : text(String(value));
    }
    case 'yesno':
      return text(value === true ? 'Có' : 'Không');
    case 'choice':
      return text(q.options.find((o) => o.value === value)?.label ?? String(value));
    default:
      return text(typeof value === 'object' ? ('url' in value ? value.url : '') : String(value));
  }
}

/** The "tổng hợp" columns for one requirement: the unit, its status, then every form answer in its own typed column. */
export function columnsFor(req: CompiledRequirement, links: ExportLinks): Column[] {
  const local = wallClock(links.timeZone);
  const fileUrl = (id: number) => `${links.baseUrl}/files/${id}`;
  return [
    { header: 'Mã đơn vị', width: 18, cell: (r) => text(r.unit.code) },
    { header: 'Tên đơn vị', width: 42, cell: (r) => text(r.unit.name) },
    { header: 'Loại đơn vị', width: 22, cell: (r) => text(r.unit.kindLabel) },
    { header: 'Đơn vị cấp trên', width: 30, cell: (r) => text(r.unit.parentName) },
    { header: 'Trạng thái', width: 18, cell: (r) => text(statusText(r.status, r.receivedAt !== null)) },
    { header: 'Nộp lúc', width: 17, format: 'datetime', cell: (r) => (r.receivedAt ? { t: 'datetime', v: local(r.receivedAt) } : { t: 'empty' }) },
    { header: 'Đúng hạn', width: 10, cell: (r) => (r.onTime === null ? { t: 'empty' } : text(r.onTime ? 'Có' : 'Không')) },
    { header: 'Số ngày trễ', width: 11, format: 'number', cell: (r) => num(r.daysLate) },
    { header: 'Lần nộp', width: 9, format: 'number', cell: (r) => num(r.version) },
    { header: 'Hạn của đơn vị', width: 17, format: 'datetime', cell: (r) => ({ t: 'datetime', v: local(r.dueAt) }) },
    ...req.questions.map(
      (q): Column => ({
        header: questionLabel(q),
        width: q.type === 'text' ? 40 : 14,
        format: q.type === 'number' ? 'number' : q.type === 'date' ? 'date' : undefined,
        cell: (r) => answerCell(q, r.answers[q.id]),
      }),
    ),
    {
      header: 'Tệp đã nhận',
      width: 40,
      cell: (r) => (r.files.length ? { t: 'link', v: r.files.map((f) => f.originalName).join('\n'), url: fileUrl(r.files[0]!.id) } : { t: 'empty' }),
    },
    { header: 'Đường link đơn vị gửi', width: 40, cell: (r) => (r.links.length ? { t: 'link', v: r.links.join('\n'), url: r.links[0]! } : { t: 'empty' }) },
    { header: 'Trang đơn vị', width: 30, cell: (r) => ({ t: 'link', v: `${links.baseUrl}/units/${r.unit.id}`, url: `${links.baseUrl}/units/${r.unit.id}` }) },
  ];
}
