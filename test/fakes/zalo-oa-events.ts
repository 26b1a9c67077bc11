/**
 * Webhook events of the Zalo OA Open API as Zalo sends them (platforms.md §2.6): ids and the
 * timestamp are strings, the timestamp in ms; user → OA events carry sender = user and
 * recipient = OA; follow and unfollow carry follower and oa_id instead.
 */
import { createHash } from 'node:crypto';

export type OaEvent = Record<string, unknown> & { event_name: string; timestamp: string };

let seq = 0;
/** A message id like Zalo's (hex, longer than a JS number can hold). */
export const newMsgId = () => `${Date.now().toString(16)}${(++seq).toString(16).padStart(6, '0')}a1b2c3d4`;

type Base = { appId: string; oaId: string; at: number };

function userEvent(b: Base, name: string, userId: string, message: Record<string, unknown>): OaEvent {
  return {
    app_id: b.appId,
    user_id_by_app: `app-${userId}`,
    event_name: name,
    sender: { id: userId },
    recipient: { id: b.oaId },
    message: { msg_id: newMsgId(), ...message },
    timestamp: String(b.at),
  };
}

export const textEvent = (b: Base, userId: string, text: string) => userEvent(b, 'user_send_text', userId, { text });

export const imageEvent = (b: Base, userId: string, url: string) =>
  userEvent(b, 'user_send_image', userId, { text: '', attachments: [{ type: 'image', payload: { url, thumbnail: url } }] });

export const fileEvent = (b: Base, userId: string, file: { url: string; name: string; size: number; type: string }) =>
  userEvent(b, 'user_send_file', userId, { attachments: [{ type: 'file', payload: { ...file, size: String(file.size) } }] });

export const stickerEvent = (b: Base, userId: string) =>
  userEvent(b, 'user_send_sticker', userId, { attachments: [{ type: 'sticker', payload: { id: 'abc', url: 'https://zalo.me/sticker.png' } }] });

export const followEvent = (b: Base, userId: string, name: 'follow' | 'unfollow' = 'follow'): OaEvent => ({
  app_id: b.appId,
  oa_id: b.oaId,
  user_id_by_app: `app-${userId}`,
  event_name: name,
  follower: { id: userId },
  source: 'oa_profile',
  timestamp: String(b.at),
});

/** Zalo's signature: mac= + sha256 hex of app id + raw body + timestamp + OA secret key (not an HMAC). */
export function signEvent(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
  return `mac=${createHash('sha256').update(appId + rawBody + timestamp + oaSecretKey).digest('hex')}`;
}
