/**
 * What the spreadsheet readers return and throw, apart from the readers: those (yauzl, saxes,
 * csv-parse) load on the first import, and the callers' instanceof checks need not wait for them.
 */

/** One row as the spreadsheet shows it: its row number (1-based) and its cells as text. */
export type SheetRow = { number: number; cells: string[] };

export class XlsxError extends Error {
  constructor(
    message: string,
    /** 'limit': readable but too large; 'broken': not a workbook we can read. */
    readonly kind: 'limit' | 'broken',
  ) {
    super(message);
    this.name = 'XlsxError';
  }
}

/** More rows with content than the caller takes: reading stopped there. */
export class RowLimitExceeded extends Error {
  constructor() {
    super('row limit exceeded');
    this.name = 'RowLimitExceeded';
  }
}
