import type { Compilation } from '../domain/compilation.js';
import { columnsFor, type Cell, type ExportLinks } from './columns.js';

const pad = (n: number) => String(n).padStart(2, '0');

function cellText(cell: Cell): string {
  switch (cell.t) {
    case 'empty':
      return '';
    case 'number':
      return String(cell.v);
    // Wall-clock dates (see wallClock): read their UTC fields.
    case 'datetime':
      return `${pad(cell.v.getUTCDate())}/${pad(cell.v.getUTCMonth() + 1)}/${cell.v.getUTCFullYear()} ${pad(cell.v.getUTCHours())}:${pad(cell.v.getUTCMinutes())}`;
    case 'date':
      return `${pad(cell.v.getUTCDate())}/${pad(cell.v.getUTCMonth() + 1)}/${cell.v.getUTCFullYear()}`;
    case 'link':
      return noFormula(cell.v.replace(/\n/g, '; '));
    case 'text':
      return noFormula(cell.v);
  }
}

/** A text starting with = + - @ gets a ' so Excel never runs a unit's answer as a formula. */
const noFormula = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** RFC 4180 quoting. */
function field(value: string): string {
  return /[",\n\r;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The same rows as the workbook, one table: a "Yêu cầu" column first when a campaign has several
 * requirements. UTF-8 with a BOM so Excel reads the Vietnamese right; CRLF line ends.
 */
export function buildCsv(compilation: Compilation, links: ExportLinks): string {
  const several = compilation.requirements.length > 1;
  const lines: string[] = [];
  compilation.requirements.forEach((req, i) => {
    const columns = columnsFor(req, links);
    if (i === 0 || several) {
      if (i > 0) lines.push('');
      lines.push([...(several ? ['Yêu cầu'] : []), ...columns.map((c) => c.header)].map(field).join(','));
    }
    for (const row of req.rows) lines.push([...(several ? [req.requirement.title] : []), ...columns.map((c) => cellText(c.cell(row)))].map(field).join(','));
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
