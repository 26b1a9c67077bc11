/**
 * The small formatting subset staff may use in broadcasts: **bold**, _italic_,
 * [text](https://…) links and line breaks. Parsed once into a tree, then rendered per
 * channel: Telegram HTML (escaped), or plain text for channels without formatting.
 * Anything that does not match the subset stays as the characters the author typed.
 */

export type TextFormat = 'plain' | 'basic';

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'bold' | 'italic'; children: Node[] }
  | { kind: 'link'; url: string; children: Node[] };

type Rule = { kind: 'link' | 'bold' | 'italic'; pattern: RegExp };

// Order matters on ties: a link's text may hold bold or italic, not the other way round.
const RULES: Rule[] = [
  { kind: 'link', pattern: /\[([^[\]\n]+)\]\((https?:\/\/[^\s()<>"]+)\)/u },
  { kind: 'bold', pattern: /\*\*(?=\S)([^\n]*?\S)\*\*/u },
  // Word-bounded, so snake_case names and file_names_like_this stay as they are.
  { kind: 'italic', pattern: /(?<![\p{L}\p{N}_])_(?=\S)([^\n_]*?\S)_(?![\p{L}\p{N}_])/u },
];

function parse(source: string, allowLinks = true): Node[] {
  const nodes: Node[] = [];
  let rest = source;
  while (rest.length > 0) {
    let best: { rule: Rule; match: RegExpExecArray } | undefined;
    for (const rule of RULES) {
      if (rule.kind === 'link' && !allowLinks) continue;
      const match = rule.pattern.exec(rest);
      if (match && (!best || match.index < best.match.index)) best = { rule, match };
    }
    if (!best) {
      nodes.push({ kind: 'text', text: rest });
      break;
    }
    const { rule, match } = best;
    if (match.index > 0) nodes.push({ kind: 'text', text: rest.slice(0, match.index) });
    if (rule.kind === 'link') nodes.push({ kind: 'link', url: match[2]!, children: parse(match[1]!, false) });
    else nodes.push({ kind: rule.kind, children: parse(match[1]!, allowLinks) });
    rest = rest.slice(match.index + match[0].length);
  }
  return nodes;
}

const normalize = (text: string) => text.replace(/\r\n?/g, '\n');

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const escapeAttribute = (text: string) => escapeHtml(text).replace(/"/g, '&quot;');

function html(nodes: Node[]): string {
  return nodes
    .map((n) => {
      switch (n.kind) {
        case 'text':
          return escapeHtml(n.text);
        case 'bold':
          return `<b>${html(n.children)}</b>`;
        case 'italic':
          return `<i>${html(n.children)}</i>`;
        case 'link':
          return `<a href="${escapeAttribute(n.url)}">${html(n.children)}</a>`;
      }
    })
    .join('');
}

function plain(nodes: Node[]): string {
  return nodes
    .map((n) => {
      if (n.kind === 'text') return n.text;
      if (n.kind !== 'link') return plain(n.children);
      const label = plain(n.children);
      return label === n.url ? n.url : `${label} (${n.url})`;
    })
    .join('');
}

/** Telegram `parse_mode: 'HTML'`: tags for the subset, & < > escaped everywhere else. */
export function toTelegramHtml(source: string): string {
  return html(parse(normalize(source)));
}

/** For channels without formatting: markers dropped, links written out as "text (url)". */
export function toPlainText(source: string): string {
  return plain(parse(normalize(source)));
}
