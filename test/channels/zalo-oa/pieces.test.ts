import { describe, expect, it } from 'vitest';
import { ZaloOaApiError } from '../../../src/channels/zalo-oa/errors.js';
import { pkceChallenge } from '../../../src/channels/zalo-oa/pkce.js';
import { toChannelError } from '../../../src/channels/zalo-oa/sender.js';
import { OaNotConnected } from '../../../src/channels/zalo-oa/token-keeper.js';
import { windowDecision } from '../../../src/channels/zalo-oa/send-window.js';
import { checkWebhookSignature } from '../../../src/channels/zalo-oa/signature.js';
import { toInbound } from '../../../src/channels/zalo-oa/to-inbound.js';
import { fileEvent, followEvent, imageEvent, signEvent, stickerEvent, textEvent } from '../../fakes/zalo-oa-api.js';

const keys = { appId: '3608465248940903967', oaSecretKey: 'oa-secret' };
const b = { appId: keys.appId, oaId: '388613280878808645', at: 1699003881354 };
const DAY = 24 * 3600_000;

describe('Zalo OA webhook signature', () => {
  const raw = JSON.stringify(textEvent(b, '2468458835296197922', 'xin chào'));
  const check = (signature: string | undefined, timestampHeader?: string, body = raw) =>
    checkWebhookSignature({ ...keys, rawBody: body, signature, timestampHeader });

  it('takes the timestamp from the body when there is no X-ZEvent-Timestamp header', () => {
    expect(check(signEvent(keys.appId, raw, String(b.at), keys.oaSecretKey))).toBe('ok');
  });
  it('takes the header timestamp when present', () => {
    expect(check(signEvent(keys.appId, raw, '1700000000000', keys.oaSecretKey), '1700000000000')).toBe('ok');
    expect(check(signEvent(keys.appId, raw, String(b.at), keys.oaSecretKey), '1700000000000')).toBe('mismatch');
  });
  it('refuses another key, a changed body byte, an HMAC-style or missing signature', () => {
    expect(check(signEvent(keys.appId, raw, String(b.at), 'app-secret'))).toBe('mismatch');
    expect(check(signEvent(keys.appId, raw, String(b.at), keys.oaSecretKey), undefined, raw.replace('chào', 'chao'))).toBe('mismatch');
    expect(check('sha256=abc')).toBe('mismatch');
    expect(check(undefined)).toBe('missing');
  });
});

describe('Zalo OA event → inbound event', () => {
  it('text, image, file, sticker, follow and unfollow', () => {
    const text = toInbound(textEvent(b, 'u1', 'xin chào'));
    expect(text).toMatchObject({ kind: 'inbound', event: { channel: 'zalo_oa', chatId: 'u1', kind: 'text', text: 'xin chào' } });
    if (text.kind === 'inbound') expect(text.event.updateId).toBe(text.event.messageId);
    expect(toInbound(imageEvent(b, 'u1', 'https://photo.zalo.me/a.jpg'))).toMatchObject({
      event: { kind: 'file', file: { ref: 'https://photo.zalo.me/a.jpg', mimeType: 'image/jpeg' } },
    });
    expect(toInbound(fileEvent(b, 'u1', { url: 'https://f.zalo.me/k.pdf', name: 'Kế hoạch.pdf', size: 123456, type: 'pdf' }))).toMatchObject({
      event: { kind: 'file', file: { ref: 'https://f.zalo.me/k.pdf', name: 'Kế hoạch.pdf', size: 123456 } },
    });
    expect(toInbound(stickerEvent(b, 'u1'))).toMatchObject({ event: { kind: 'sticker' } });
    expect(toInbound(followEvent(b, 'u1'))).toMatchObject({ event: { kind: 'text', text: '/start', updateId: `follow:u1:${b.at}` } });
    expect(toInbound(followEvent(b, 'u1', 'unfollow'))).toEqual({ kind: 'unfollow', userId: 'u1' });
  });
  it('ignores echoes, receipts and malformed events', () => {
    expect(toInbound({ ...textEvent(b, 'u1', 'x'), event_name: 'oa_send_text' })).toEqual({ kind: 'ignore' });
    expect(toInbound({ event_name: 'user_seen_message' })).toEqual({ kind: 'ignore' });
    expect(toInbound({ event_name: 'user_send_text', sender: { id: 'u1' } })).toEqual({ kind: 'ignore' });
  });
  it('audio, video and location are answered as something the bot cannot read', () => {
    expect(toInbound({ ...textEvent(b, 'u1', ''), event_name: 'user_send_audio' })).toMatchObject({ event: { kind: 'unsupported' } });
  });
});

describe('interaction window and quota', () => {
  const now = Date.parse('2026-05-15T03:00:00Z');
  it('free within 48 h, billable up to 7 days, closed after; quota when no reply is left', () => {
    expect(windowDecision({ last_interaction: now - DAY, cs_reply: { remain: 8, total: 8 } }, now)).toEqual({ send: true, free: true });
    expect(windowDecision({ last_interaction: now - 3 * DAY, cs_reply: { remain: 2, total: 8 } }, now)).toEqual({ send: true, free: false });
    expect(windowDecision({ last_interaction: String(now - 8 * DAY) }, now)).toMatchObject({ send: false, reason: 'window_closed' });
    expect(windowDecision({}, now)).toMatchObject({ send: false, reason: 'window_closed' });
    expect(windowDecision({ last_interaction: now - 3600_000, cs_reply: { remain: 0, total: 8 } }, now)).toMatchObject({ send: false, reason: 'quota' });
  });
});

describe('PKCE', () => {
  it('S256 of the RFC 7636 example verifier', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
});

describe('OA error codes as the sender reads them', () => {
  const read = (code: number, httpStatus = 200) => {
    const e = toChannelError(new ZaloOaApiError(code, `error ${code}`, httpStatus));
    return { code: e.code, refusal: e.refusal, retryAfter: e.retryAfter };
  };
  it('window and quota refusals fail without retry; a token refusal pauses; -32 waits; 5xx and an expired attachment retry', () => {
    for (const c of [-230, -232, -213]) expect(read(c)).toMatchObject({ refusal: 'window_closed' });
    for (const c of [-211, -218]) expect(read(c)).toMatchObject({ refusal: 'quota' });
    for (const c of [-216, -220, -124]) expect(read(c)).toMatchObject({ code: 401, refusal: undefined });
    expect(read(-32)).toEqual({ code: 429, refusal: undefined, retryAfter: 60 });
    expect(read(-1, 502)).toMatchObject({ code: 500 });
    expect(read(-100)).toMatchObject({ code: 500 });
    expect(read(-201)).toMatchObject({ code: 400, refusal: undefined });
    expect(toChannelError(new OaNotConnected('not yet'))).toMatchObject({ code: 401 });
    expect(toChannelError(new TypeError('fetch failed'))).toMatchObject({ kind: 'network' });
  });
});
