import { fileTypeFromBuffer } from 'file-type';

/** A file type we take from units: what the Department's staff can open. */
export type FileKind = { ext: string; mime: string; label: string };

export const ALLOWED_FILE_KINDS: readonly FileKind[] = [
  { ext: 'pdf', mime: 'application/pdf', label: 'PDF' },
  { ext: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word (.docx)' },
  { ext: 'doc', mime: 'application/msword', label: 'Word 97-2003 (.doc)' },
  { ext: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel (.xlsx)' },
  { ext: 'xls', mime: 'application/vnd.ms-excel', label: 'Excel 97-2003 (.xls)' },
  { ext: 'odt', mime: 'application/vnd.oasis.opendocument.text', label: 'OpenDocument văn bản (.odt)' },
  { ext: 'ods', mime: 'application/vnd.oasis.opendocument.spreadsheet', label: 'OpenDocument bảng tính (.ods)' },
  { ext: 'jpg', mime: 'image/jpeg', label: 'ảnh JPEG' },
  { ext: 'png', mime: 'image/png', label: 'ảnh PNG' },
  { ext: 'webp', mime: 'image/webp', label: 'ảnh WEBP' },
  { ext: 'heic', mime: 'image/heic', label: 'ảnh HEIC (iPhone)' },
];

/** One Vietnamese sentence listing what we accept, for error messages and the bot. */
export const ACCEPTED_FILE_TYPES_TEXT =
  'PDF, Word (.docx, .doc), Excel (.xlsx, .xls), OpenDocument (.odt, .ods), ảnh JPEG, PNG, WEBP, HEIC';

const byExt = new Map(ALLOWED_FILE_KINDS.map((k) => [k.ext, k]));

/** The accepted kind a file name's extension promises ("jpeg" is a jpg), if any. */
export function kindForExtension(ext: string): FileKind | undefined {
  return ALLOWED_FILE_KINDS.find((k) => extensionMatches(k, ext));
}

/** The extension a name declares, lower-cased, without the dot ('' if none). */
export function declaredExtension(name: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

/**
 * The kind of a file judged by its bytes, never by its name, or undefined if we do not take it.
 * OLE2 containers (legacy .doc/.xls, but also .msi, .ppt…) look alike inside, so for
 * those the declared extension picks between Word and Excel and anything else is refused.
 */
export async function detectFileKind(bytes: Buffer, originalName: string): Promise<FileKind | undefined> {
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected) return undefined;
  if (detected.ext === 'cfb') {
    const ext = declaredExtension(originalName);
    return ext === 'doc' || ext === 'xls' ? byExt.get(ext) : undefined;
  }
  const kind = byExt.get(detected.ext);
  if (!kind) return undefined;
  // HEIF variants keep file-type's precise mime (image/heif, image/heic-sequence…).
  return kind.ext === 'heic' ? { ...kind, mime: detected.mime } : kind;
}

/** Extensions that name the same family as the kind, so "bao-cao.jpeg" is not a mismatch for jpg. */
export function extensionMatches(kind: FileKind, ext: string): boolean {
  if (ext === kind.ext) return true;
  if (kind.ext === 'jpg') return ext === 'jpeg' || ext === 'jpe' || ext === 'jfif';
  if (kind.ext === 'heic') return ext === 'heif';
  return false;
}

/**
 * The name a stored file is offered under: its own, plus the extension of its detected type when
 * the name claims another ("poly.html" holding a PNG downloads as "poly.html.png"), so the
 * receiving computer never opens it as what the name pretends.
 */
export function downloadName(originalName: string, mime: string): string {
  const kind = ALLOWED_FILE_KINDS.find((k) => k.mime === mime) ?? (mime.startsWith('image/hei') ? byExt.get('heic') : undefined);
  if (!kind) return originalName;
  return extensionMatches(kind, declaredExtension(originalName)) ? originalName : `${originalName}.${kind.ext}`;
}
