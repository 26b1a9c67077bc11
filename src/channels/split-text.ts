// Made on the first cut without a blank: loading ICU's break rules costs the process ~2.8 MB of
// memory, and almost no message needs them.
let graphemes: Intl.Segmenter | undefined;

/**
 * Splits at paragraph, then line, then word boundaries so no part exceeds the limit. Where
 * a window has no such boundary in its second half, it is cut at the last whole character
 * (grapheme): never between the halves of an emoji or inside a 👨‍👩‍👧 sequence.
 */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    let cut = window.lastIndexOf('\n\n');
    if (cut < limit / 2) cut = window.lastIndexOf('\n');
    if (cut < limit / 2) cut = window.lastIndexOf(' ');
    if (cut < limit / 2) cut = lastGraphemeBoundary(rest, limit);
    const part = rest.slice(0, cut).trimEnd();
    // A run of blanks can trim to nothing; platforms refuse an empty message.
    if (part !== '') parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** The last grapheme boundary at or before `limit` (the limit itself when one character is longer). */
function lastGraphemeBoundary(text: string, limit: number): number {
  let boundary = 0;
  // Only the characters around the limit matter; a grapheme is never longer than a few dozen units.
  const from = Math.max(0, limit - 64);
  graphemes ??= new Intl.Segmenter('vi', { granularity: 'grapheme' });
  for (const { index } of graphemes.segment(text.slice(from, limit + 64))) {
    if (from + index > limit) break;
    boundary = from + index;
  }
  return boundary > 0 ? boundary : limit;
}
