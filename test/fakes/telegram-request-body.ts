/**
 * Reads a Bot API request the way Telegram does: query string, JSON, urlencoded or multipart
 * (telegraf uses multipart when a file is attached, with JSON-encoded reply_markup etc.).
 */
import { extname } from 'node:path';
import { badRequest } from './telegram-types.js';

export interface UploadedFile {
  field: string;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

export interface ParsedRequest {
  params: Record<string, unknown>;
  files: UploadedFile[];
}

/** Fields Telegram reads as JSON when they arrive as strings (multipart / urlencoded). */
const JSON_FIELDS = new Set([
  'reply_markup', 'entities', 'caption_entities', 'allowed_updates', 'commands', 'scope',
  'link_preview_options', 'reply_parameters', 'media', 'results',
]);
const INTEGER_FIELDS = new Set([
  'chat_id', 'message_id', 'offset', 'limit', 'timeout', 'reply_to_message_id', 'max_connections',
  'message_thread_id', 'cache_time', 'from_chat_id', 'user_id',
]);
const BOOLEAN_FIELDS = new Set([
  'drop_pending_updates', 'show_alert', 'disable_notification', 'allow_paid_broadcast',
  'protect_content', 'disable_web_page_preview', 'disable_content_type_detection',
]);

const MIME_BY_EXTENSION: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.zip': 'application/zip',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

/** Telegram guesses a document's type from its name when the upload does not say. */
export function guessMimeType(fileName: string): string {
  return MIME_BY_EXTENSION[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

export async function parseRequest(
  contentType: string | undefined,
  body: Buffer,
  query: URLSearchParams,
): Promise<ParsedRequest> {
  const params: Record<string, unknown> = Object.fromEntries(query);
  const files: UploadedFile[] = [];
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();

  if (type === 'application/json' && body.length > 0) {
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON");
    }
    if (json && typeof json === 'object' && !Array.isArray(json)) Object.assign(params, json);
  } else if (type === 'application/x-www-form-urlencoded') {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  } else if (type === 'multipart/form-data') {
    // undici (built into Node) parses multipart; no dependency needed.
    const form = await new Request('http://fake.local/', {
      method: 'POST',
      headers: { 'content-type': contentType! },
      body: new Uint8Array(body),
    }).formData();
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        params[field] = value;
      } else {
        const fileName = value.name || field;
        files.push({
          field,
          fileName,
          mimeType: value.type || guessMimeType(fileName),
          bytes: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
  }
  return { params: normalize(params), files };
}

/** Gives string-typed form values the types JSON callers send. */
function normalize(params: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== 'string') continue;
    if (JSON_FIELDS.has(key)) {
      try {
        params[key] = JSON.parse(value);
      } catch {
        throw badRequest(`can't parse ${key} JSON object`);
      }
    } else if (INTEGER_FIELDS.has(key) && /^-?\d+$/.test(value)) {
      params[key] = Number(value);
    } else if (BOOLEAN_FIELDS.has(key)) {
      params[key] = value === 'true' || value === '1';
    }
  }
  return params;
}
