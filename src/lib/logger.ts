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
        if (known.length === 0) return out;
        return { ...out, message: scrub(out.message, known), stack: scrub(out.stack ?? '', known) };
      },
    },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.token', 'token', '*.password'],
      censor: '[hidden]',
    },
    hooks: {
      logMethod(args, method) {
        if (known.length > 0) {
          args = args.map((a) => (typeof a === 'string' ? scrub(a, known) : a)) as typeof args;
        }
        method.apply(this, args);
      },
    },
  }, destination ?? process.stdout);
}

export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[hidden]');
  return out;
}

export const silentLogger: Logger = pino({ level: 'silent' });
