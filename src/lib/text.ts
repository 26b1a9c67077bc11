/** Vietnamese text helpers: people type with and without diacritics. */

/**
 * The one fold for comparing and searching Vietnamese: NFC (input may arrive decomposed),
 * lower case, NFD and strip the combining marks, then đ → d (đ is a letter of its own, not a
 * mark, so stripping misses it; SQLite FTS5's remove_diacritics misses it too), and collapse
 * whitespace.
 */
export function foldVietnamese(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
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
