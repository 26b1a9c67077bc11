import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
} from 'docx';
import type { Compilation, CompiledRequirement } from '../domain/compilation.js';
import { questionLabel } from '../core/forms/schema.js';
import { localParts } from '../lib/time.js';

/**
 * The draft of the report to the provincial People's Committee, in the layout of Nghị định
 * 30/2020/NĐ-CP (appendix I): Times New Roman, A4, margins 20/20/30/15 mm; quốc hiệu and tiêu
 * ngữ; the issuing body; số/ký hiệu and the day left for the clerk; title; body with the
 * figures; Nơi nhận and the signature block. Staff finish it in Word and sign.
 */
export type ReportOptions = { department: string; province: string | undefined; now: Date; timeZone: string };

const MM = 56.7; // twips per millimetre
const FONT = 'Times New Roman';
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };

type Run = { text: string; bold?: boolean; italics?: boolean; size?: number; underline?: boolean };
const run = (r: Run) => new TextRun({ text: r.text, bold: r.bold, italics: r.italics, size: (r.size ?? 14) * 2, font: FONT, underline: r.underline ? {} : undefined });
const para = (runs: Run[] | string, opts: IParagraphOptions = {}) =>
  new Paragraph({ spacing: { before: 60, after: 60 }, ...opts, children: (typeof runs === 'string' ? [{ text: runs }] : runs).map(run) });
const centered = (runs: Run[] | string) => para(runs, { alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0 } });
const body = (text: string) => para(text, { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 10 * MM } });
const heading = (text: string) => para([{ text, bold: true }], { indent: { firstLine: 10 * MM }, spacing: { before: 120, after: 60 } });

function cellOf(children: Paragraph[], widthPct: number): TableCell {
  return new TableCell({ children, width: { size: widthPct, type: WidthType.PERCENTAGE }, borders: NO_BORDERS });
}

/** Two columns side by side without borders: the header block and the closing block of the document. */
function twoColumns(left: Paragraph[], leftPct: number, right: Paragraph[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cellOf(left, leftPct), cellOf(right, 100 - leftPct)] })],
  });
}

function headerBlock(o: ReportOptions): Table {
  const p = localParts(o.now, o.timeZone);
  const province = o.province ? o.province.toUpperCase() : '……………';
  const place = o.province ?? '……………';
  return twoColumns(
    [
      centered([{ text: `UBND TỈNH ${province}`, size: 13 }]),
      centered([{ text: o.department.toUpperCase(), bold: true, size: 13 }]),
      centered([{ text: '―――――', size: 11 }]),
      centered([{ text: 'Số:       /BC-SGDĐT', size: 13 }]),
    ],
    40,
    [
      centered([{ text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, size: 13 }]),
      centered([{ text: 'Độc lập - Tự do - Hạnh phúc', bold: true, size: 14 }]),
      centered([{ text: '―――――――――――', size: 11 }]),
      centered([{ text: `${place}, ngày      tháng ${p.month} năm ${p.year}`, italics: true, size: 14 }]),
    ],
  );
}

function kindTable(req: CompiledRequirement): Table {
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [para([{ text, bold, size: 12 }], { alignment: AlignmentType.CENTER, spacing: { before: 20, after: 20 } })] });
  const head = ['Loại đơn vị', 'Số đơn vị', 'Đúng hạn', 'Nộp trễ', 'Bị trả lại', 'Chưa nộp'];
  const line = (name: string, g: { total: number; onTime: number; lateSent: number; returned: number; missing: number }, bold = false) =>
    new TableRow({ children: [name, g.total, g.onTime, g.lateSent, g.returned, g.missing].map((v) => cell(String(v), bold)) });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }), ...req.byKind.map((g) => line(g.name, g)), line('Tổng cộng', req.progress, true)],
  });
}

function requirementFigures(req: CompiledRequirement): (Paragraph | Table)[] {
  const p = req.progress;
  const sent = p.onTime + p.lateSent;
  return [
    body(
      `- ${req.requirement.title}: Sở đề nghị ${p.total} đơn vị thực hiện; đã nhận bài của ${sent + p.returned} đơn vị ` +
        `(${p.onTime} đơn vị đúng hạn, ${p.lateSent} đơn vị trễ hạn${p.returned ? `, ${p.returned} đơn vị được trả lại để bổ sung` : ''}); ` +
        `${p.missing} đơn vị chưa gửi${p.overdue ? ` (trong đó ${p.overdue} đơn vị đã quá hạn)` : ''}.`,
    ),
    kindTable(req),
  ];
}

/** The text answers of each question (the models, the proposals), unit by unit, as the units wrote them. */
function textAnswers(req: CompiledRequirement): Paragraph[] {
  const out: Paragraph[] = [];
  for (const q of req.questions.filter((q) => q.type === 'text')) {
    const answered = req.rows.filter((r) => typeof r.answers[q.id] === 'string' && String(r.answers[q.id]).trim() && r.status !== 'returned');
    if (answered.length === 0) continue;
    out.push(para([{ text: `${questionLabel(q)}:`, italics: true }], { indent: { firstLine: 10 * MM } }));
    for (const r of answered) out.push(body(`- ${r.unit.name}: ${String(r.answers[q.id]).trim()}`));
  }
  return out;
}

export async function buildReportDocx(c: Compilation, o: ReportOptions): Promise<Buffer> {
  const { campaign } = c;
  const basis = campaign.sourceDocument ?? `${campaign.title}${campaign.referenceNumber ? ` (số ${campaign.referenceNumber})` : ''}`;
  const withSums = c.requirements.filter((r) => r.sums.length > 0);
  const withText = c.requirements.flatMap(textAnswers);
  const sections: (Paragraph | Table)[] = [
    headerBlock(o),
    para('', { spacing: { before: 240 } }),
    centered([{ text: 'BÁO CÁO', bold: true, size: 14 }]),
    centered([{ text: `Kết quả ${campaign.title.charAt(0).toLowerCase()}${campaign.title.slice(1)}`, bold: true, size: 14 }]),
    centered([{ text: '―――――', size: 11 }]),
    body(`Thực hiện ${basis}, ${o.department} báo cáo kết quả thực hiện như sau:`),
    heading('I. TÌNH HÌNH TRIỂN KHAI VÀ GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ'),
    ...c.requirements.flatMap(requirementFigures),
    heading('II. KẾT QUẢ THỰC HIỆN'),
    ...(withSums.length
      ? withSums.flatMap((r) => r.sums.map((s) => body(`- ${s.label}: ${s.total.toLocaleString('vi-VN')} (tổng hợp từ ${s.answered} đơn vị).`)))
      : [body('……………………………………………………………………………')]),
    heading('III. MÔ HÌNH, VIỆC LÀM TIÊU BIỂU VÀ Ý KIẾN CỦA CÁC ĐƠN VỊ'),
    ...(withText.length ? withText : [body('……………………………………………………………………………')]),
    heading('IV. ĐÁNH GIÁ CHUNG VÀ ĐỀ XUẤT'),
    body('……………………………………………………………………………'),
    body(`Trên đây là báo cáo kết quả thực hiện ${campaign.title} của ${o.department}./.`),
    twoColumns(
      [
        para([{ text: 'Nơi nhận:', bold: true, italics: true, size: 12 }], { spacing: { before: 240, after: 0 } }),
        ...['- UBND tỉnh (qua Sở Nội vụ);', '- Ban Dân vận Tỉnh ủy;', '- Giám đốc, các PGĐ Sở;', '- Lưu: VT, CTTT.'].map((t) => para([{ text: t, size: 11 }], { spacing: { before: 0, after: 0 } })),
      ],
      50,
      [
        para('', { spacing: { before: 240 } }),
        centered([{ text: 'KT. GIÁM ĐỐC', bold: true, size: 14 }]),
        centered([{ text: 'PHÓ GIÁM ĐỐC', bold: true, size: 14 }]),
        para('', { spacing: { before: 1200 } }),
      ],
    ),
  ];
  const doc = new Document({
    creator: 'Cầu Nối',
    title: `Báo cáo kết quả ${campaign.title}`,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [
      {
        properties: { page: { size: { width: 210 * MM, height: 297 * MM }, margin: { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM } } },
        children: sections,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
