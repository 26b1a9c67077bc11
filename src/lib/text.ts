/** Vietnamese text helpers: people type with and without diacritics. */

/** Lower-case, strip diacritics (đ → d), collapse whitespace. */
export function foldVietnamese(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Unicode NFC, no control characters, trimmed: what we store from a person. */
export function cleanText(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    // A lone surrogate cannot be stored as UTF-8 (SQLite would keep three U+FFFD for it):
    // one U+FFFD, as a browser shows it, so what is stored is what was shown.
    .replace(/[\ud800-\udfff]/gu, '\ufffd')
    .trim();
}
