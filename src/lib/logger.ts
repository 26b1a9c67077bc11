import { pino, type Logger } from 'pino';

export type { Logger };

/** Tokens sit in Bot API URLs and headers; never let them reach a log line. */
export function createLogger(level: string, secrets: (string | undefined)[] = [], destination?: NodeJS.WritableStream): Logger {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  return pino({
    level,
    serializers: {
      // A failed Bot API call can carry the request URL (with the token) in its message.
      err: (e: Error) => {
        const out = pino.stdSerializers.err(e);
        const clean = (text: string) => redactSecretPaths(scrub(text, known));
        return { ...out, message: clean(out.message), stack: clean(out.stack ?? '') };
      },
    },
    formatters: {
      // Request paths and URLs may carry a secret (a personal upload page's token).
      log(object) {
        for (const key of ['path', 'url']) {
          if (typeof object[key] === 'string') object[key] = redactSecretPaths(object[key] as string);
        }
        return object;
      },
    },
    redact: {
      paths: [
        'req.headers.authorization', 'headers.authorization', '*.token', 'token', '*.password',
        // Zalo OA grants
        'accessToken', 'refreshToken', '*.accessToken', '*.refreshToken', 'access_token', 'refresh_token', '*.access_token', '*.refresh_token',
      ],
      censor: '[hidden]',
    },
    hooks: {
      logMethod(args, method) {
        args = args.map((a) => (typeof a === 'string' ? redactSecretPaths(scrub(a, known)) : a)) as typeof args;
        method.apply(this, args);
      },
    },
  }, destination ?? process.stdout);
}

/** Secrets that travel in addresses: /upload/<token>, /anh/<token>, ?start=<invite code>, "/start <code>". */
const SECRET_IN_PATH = [
  { pattern: /(\/upload\/)[^/?#\s"']+/g, keep: '$1[hidden]' },
  { pattern: /(\/anh\/)[^/?#\s"']+/g, keep: '$1[hidden]' },
  { pattern: /([?&]start=)[^&#\s"']+/g, keep: '$1[hidden]' },
  { pattern: /(\/start\s+)\S+/g, keep: '$1[hidden]' },
];

export function redactSecretPaths(text: string): string {
  let out = text;
  for (const { pattern, keep } of SECRET_IN_PATH) out = out.replace(pattern, keep);
  return out;
}

export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[hidden]');
  return out;
}

export const silentLogger: Logger = pino({ level: 'silent' });
