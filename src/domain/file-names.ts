import { declaredExtension } from './file-kinds.js';

const MAX_NAME = 200;

/**
 * A name safe to store and to send back in Content-Disposition: no folders, no control or
 * bidi-override characters (which can disguise "fdp.exe" as "exe.pdf"), no leading dots,
 * at most 200 characters with the extension kept; "tep-dinh-kem.<ext>" when nothing is left.
 */
export function sanitizeFileName(originalName: string, fallbackExt: string): string {
  let name = originalName.normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/["<>:|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  if (!name || name === '.' || /^\.+$/.test(name)) return `tep-dinh-kem.${fallbackExt}`;
  if ([...name].length > MAX_NAME) {
    const ext = declaredExtension(name);
    const tail = ext ? `.${ext}` : '';
    const chars = [...name.slice(0, name.length - tail.length)];
    name = chars.slice(0, MAX_NAME - tail.length).join('').trimEnd() + tail;
  }
  return name;
}
