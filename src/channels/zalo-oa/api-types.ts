/** Shapes of the Zalo OA Open API v3 and OAuth v4 (platforms.md §2), trimmed to what we use. */

/** Every OA API answer; a non-zero `error` usually comes with HTTP 200. */
export type OaEnvelope<T> = { error: number; message?: string; data?: T };

export type OaRecipient = { user_id: string; message_id?: string };

export type OaMediaElement = { media_type: 'image'; url?: string; attachment_id?: string };

export type OaMessage =
  | { text: string }
  | { text?: string; attachment: { type: 'template'; payload: { template_type: 'media'; elements: [OaMediaElement] } } }
  | { attachment: { type: 'file'; payload: { token: string } } };

export type OaSent = { message_id: string; user_id?: string; quota?: { quota_type?: string; remain?: number; total?: number } };

/** POST /v3.0/oa/quota/message (§5). */
export type OaQuota = {
  last_interaction?: number | string;
  cs_reply?: { remain: number; total: number };
  promotion?: { daily_remain: number; daily_total: number; monthly_remain: number; monthly_total: number };
};

/** POST /v4/oa/access_token; `expires_in` is a string of seconds. */
export type OaTokenReply = { access_token?: string; refresh_token?: string; expires_in?: string | number; error?: number | string; error_name?: string };

export type OaAttachment = {
  type: string;
  payload?: { url?: string; thumbnail?: string; name?: string; size?: string | number; type?: string; id?: string };
};

/** A webhook event (§2.6): ids and timestamp are strings, timestamp in ms. */
export type OaWebhookEvent = {
  app_id?: string;
  oa_id?: string;
  user_id_by_app?: string;
  event_name?: string;
  sender?: { id?: string };
  recipient?: { id?: string };
  follower?: { id?: string };
  source?: string;
  message?: { msg_id?: string; text?: string; attachments?: OaAttachment[] };
  timestamp?: string | number;
};
