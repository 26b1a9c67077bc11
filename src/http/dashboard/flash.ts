import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

const FLASH_COOKIE = 'cn_flash';

export type Flash = { kind: 'ok' | 'error'; text: string };

/** What an action did, shown once on the page it redirects to (post → redirect → get). */
export function setFlash(c: Context, flash: Flash): void {
  setCookie(c, FLASH_COOKIE, Buffer.from(JSON.stringify(flash)).toString('base64url'), { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 120 });
}

export function takeFlash(c: Context): Flash | undefined {
  const raw = getCookie(c, FLASH_COOKIE);
  if (!raw) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: '/' });
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Flash;
    return (parsed.kind === 'ok' || parsed.kind === 'error') && typeof parsed.text === 'string' ? { kind: parsed.kind, text: parsed.text.slice(0, 1000) } : undefined;
  } catch {
    return undefined;
  }
}
