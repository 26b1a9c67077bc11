import type { FileKind } from './schema.js';

/** Which accepted kind a received file is, from its MIME type or, failing that, its name. */
const KINDS: { kind: FileKind; mime: RegExp; ext: RegExp; label: string }[] = [
  { kind: 'pdf', mime: /^application\/pdf$/, ext: /\.pdf$/i, label: 'PDF' },
  {
    kind: 'doc',
    mime: /^application\/(msword|vnd\.openxmlformats-officedocument\.wordprocessingml\.document|rtf)$/,
    ext: /\.(docx?|rtf)$/i,
    label: 'Word (.doc, .docx)',
  },
  {
    kind: 'xls',
    mime: /^(application\/(vnd\.ms-excel|vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet)|text\/csv)$/,
    ext: /\.(xlsx?|csv)$/i,
    label: 'Excel (.xls, .xlsx)',
  },
  { kind: 'odt', mime: /^application\/vnd\.oasis\.opendocument\.(text|spreadsheet)$/, ext: /\.(odt|ods)$/i, label: 'OpenDocument (.odt)' },
  { kind: 'image', mime: /^image\//, ext: /\.(jpe?g|png|gif|webp|heic)$/i, label: 'ảnh (JPG, PNG)' },
];

export function fileKindOf(mimeType: string | undefined, name?: string): FileKind | null {
  const mime = (mimeType ?? '').toLowerCase().split(';')[0]!.trim();
  for (const k of KINDS) if (mime && k.mime.test(mime)) return k.kind;
  for (const k of KINDS) if (name && k.ext.test(name)) return k.kind;
  return null;
}

/** True when the question takes any file, or the file is one of its accepted kinds. */
export function acceptsFile(accept: readonly FileKind[] | undefined, mimeType: string | undefined, name?: string): boolean {
  if (!accept || accept.length === 0) return true;
  const kind = fileKindOf(mimeType, name);
  return kind !== null && accept.includes(kind);
}

/** "PDF hoặc Word (.doc, .docx)" */
export function describeAccept(accept: readonly FileKind[] | undefined): string {
  if (!accept || accept.length === 0) return 'tệp';
  const labels = accept.map((a) => KINDS.find((k) => k.kind === a)!.label);
  return labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(', ')} hoặc ${labels[labels.length - 1]}`;
}
