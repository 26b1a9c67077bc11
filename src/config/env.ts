import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const MB = 1024 * 1024;

const boolFlag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a known IANA time zone (e.g. Asia/Ho_Chi_Minh)' },
);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_PATH: z.string().min(1).default('./data/app.db'),
  FILES_DIR: z.string().min(1).default('./data/files'),
  APP_TIMEZONE: timeZone.default('Asia/Ho_Chi_Minh'),
  PUBLIC_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ADMIN_API_TOKEN: optionalText.pipe(
    z
      .string()
      .min(32, 'must be at least 32 characters: it is an admin password that anyone can try; make one with `openssl rand -base64 32`')
      .optional(),
  ),
  DEMO_DATA: optionalText.pipe(boolFlag.optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_BOT_USERNAME: optionalText.pipe(
    z
      .string()
      .regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/, 'a Telegram bot username such as CauNoiSoGDBot')
      .optional(),
  ),
  TELEGRAM_API_ROOT: optionalText.pipe(z.url().optional()),
  TELEGRAM_WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'only A-Z a-z 0-9 _ - allowed, 1–256 characters')
      .optional(),
  ),
  TELEGRAM_MAX_MPS: z.coerce.number().positive().max(1000).default(25),
  TELEGRAM_STAFF_CHAT_ID: optionalText.pipe(z.string().regex(/^-\d{5,20}$/, 'a Telegram group chat id, a negative number such as -1001234567890').optional()),
  ZALO_BOT_TOKEN: optionalText,
  ZALO_API_ROOT: optionalText.pipe(z.url().optional()),
  ZALO_WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ZALO_WEBHOOK_SECRET: optionalText.pipe(z.string().min(8, 'must be 8–256 characters').max(256).optional()),
  ZALO_MAX_MPS: z.coerce.number().positive().max(1000).default(10),
  ZALO_OA_APP_ID: optionalText.pipe(z.string().regex(/^\d{5,30}$/, 'the numeric app id from developers.zalo.me').optional()),
  ZALO_OA_APP_SECRET: optionalText,
  ZALO_OA_SECRET_KEY: optionalText,
  ZALO_OA_ID: optionalText.pipe(z.string().regex(/^\d{5,30}$/, 'the numeric OA id from oa.zalo.me').optional()),
  ZALO_OA_API_ROOT: optionalText.pipe(z.url().optional()),
  ZALO_OA_OAUTH_ROOT: optionalText.pipe(z.url().optional()),
  ZALO_OA_MAX_MPS: z.coerce.number().positive().max(100).default(20),
  ZALO_OA_REFRESH_TOKEN: optionalText,
  QUIET_HOURS: z
    .string()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'format HH:MM-HH:MM, e.g. 21:00-07:00')
    .default('21:00-07:00'),
  DEPARTMENT_NAME: optionalText.pipe(z.string().max(120).optional()),
  PROVINCE_NAME: optionalText.pipe(z.string().max(80).optional()),
  BACKUP_DIR: z.string().min(1).default('./data/backups'),
  BACKUP_KEEP_DAYS: z.coerce.number().int().min(1).default(14),
  API_BODY_LIMIT_MB: z.coerce.number().positive().max(100).default(1),
  IMPORT_MAX_MB: z.coerce.number().positive().max(200).default(10),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  TRUSTED_PROXIES: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F.:]+(\s*,\s*[0-9a-fA-F.:]+)*$/, 'a comma-separated list of proxy IP addresses, e.g. 127.0.0.1,::1')
      .optional(),
  ),
});

export type Config = {
  port: number;
  host: string;
  databasePath: string;
  filesDir: string;
  timeZone: string;
  publicBaseUrl: string;
  adminApiToken: string | undefined;
  demoData: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  telegram: {
    botToken: string | undefined;
    /** For invite deep links (t.me/<username>?start=<code>); learned from getMe when unset. */
    botUsername: string | undefined;
    apiRoot: string | undefined;
    webhookUrl: string | undefined;
    webhookSecret: string | undefined;
    maxMessagesPerSecond: number;
    /** The staff group new tickets are posted to; its members answer by replying. */
    staffChatId: string | undefined;
  };
  zalo: {
    botToken: string | undefined;
    apiRoot: string | undefined;
    webhookUrl: string | undefined;
    webhookSecret: string | undefined;
    /** ZALO_MAX_MPS: the bot's total sends a second (Zalo publishes no limit; 429 slows us down). */
    maxMessagesPerSecond: number;
  };
  /** The Zalo Official Account path; undefined unless its four credentials are set. */
  zaloOa: ZaloOaConfig | undefined;
  quietHours: string;
  /** Who signs the compiled report: "Sở Giáo dục và Đào tạo" of which province (blank for the clerk when unset). */
  organization: { department: string; province: string | undefined };
  backupDir: string;
  backupKeepDays: number;
  limits: {
    /** Any request body, except the routes that take files. */
    bodyBytes: number;
    /** A unit import file (CSV or XLSX, before unzipping). */
    importBytes: number;
    /** Data rows of a unit import. */
    importRows: number;
  };
  /**
   * Socket addresses of reverse proxies whose X-Forwarded-For is believed; empty: the client is
   * the socket's address (a forwarded header from anyone else could be forged).
   */
  trustedProxies: string[];
};

export type ZaloOaConfig = {
  appId: string;
  /** The app's secret key: the token endpoint's secret_key header. */
  appSecret: string;
  /** The OA secret key: webhook signatures. */
  oaSecretKey: string;
  oaId: string;
  apiRoot: string;
  oauthRoot: string;
  maxMessagesPerSecond: number;
  /** A refresh token from Zalo's API Explorer: connects the OA at the first start, when nothing is stored. */
  bootstrapRefreshToken: string | undefined;
};

const ZALO_OA_REQUIRED = ['ZALO_OA_APP_ID', 'ZALO_OA_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'ZALO_OA_ID'] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; every problem names its variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
    problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set');
  }
  if (e.ZALO_WEBHOOK_URL && !e.ZALO_WEBHOOK_SECRET) {
    problems.push('ZALO_WEBHOOK_SECRET: required when ZALO_WEBHOOK_URL is set');
  }
  const oaMissing = ZALO_OA_REQUIRED.filter((name) => !e[name]);
  if (oaMissing.length > 0 && oaMissing.length < ZALO_OA_REQUIRED.length) {
    for (const name of oaMissing) problems.push(`${name}: required with the other ZALO_OA_* credentials`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const zaloOa: ZaloOaConfig | undefined =
    oaMissing.length === 0
      ? {
          appId: e.ZALO_OA_APP_ID!,
          appSecret: e.ZALO_OA_APP_SECRET!,
          oaSecretKey: e.ZALO_OA_SECRET_KEY!,
          oaId: e.ZALO_OA_ID!,
          apiRoot: (e.ZALO_OA_API_ROOT ?? 'https://openapi.zalo.me').replace(/\/+$/, ''),
          oauthRoot: (e.ZALO_OA_OAUTH_ROOT ?? 'https://oauth.zaloapp.com').replace(/\/+$/, ''),
          maxMessagesPerSecond: e.ZALO_OA_MAX_MPS,
          bootstrapRefreshToken: e.ZALO_OA_REFRESH_TOKEN,
        }
      : undefined;

  const anyChannel = Boolean(e.TELEGRAM_BOT_TOKEN || e.ZALO_BOT_TOKEN || zaloOa);
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    filesDir: e.FILES_DIR,
    timeZone: e.APP_TIMEZONE,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    adminApiToken: e.ADMIN_API_TOKEN,
    demoData: e.DEMO_DATA ?? !anyChannel,
    logLevel: e.LOG_LEVEL,
    telegram: {
      botToken: e.TELEGRAM_BOT_TOKEN,
      botUsername: e.TELEGRAM_BOT_USERNAME?.replace(/^@/, ''),
      apiRoot: e.TELEGRAM_API_ROOT,
      webhookUrl: e.TELEGRAM_WEBHOOK_URL,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
      maxMessagesPerSecond: e.TELEGRAM_MAX_MPS,
      staffChatId: e.TELEGRAM_STAFF_CHAT_ID,
    },
    zalo: {
      botToken: e.ZALO_BOT_TOKEN,
      apiRoot: e.ZALO_API_ROOT,
      webhookUrl: e.ZALO_WEBHOOK_URL,
      webhookSecret: e.ZALO_WEBHOOK_SECRET,
      maxMessagesPerSecond: e.ZALO_MAX_MPS,
    },
    zaloOa,
    quietHours: e.QUIET_HOURS,
    organization: { department: e.DEPARTMENT_NAME ?? 'Sở Giáo dục và Đào tạo', province: e.PROVINCE_NAME },
    backupDir: e.BACKUP_DIR,
    backupKeepDays: e.BACKUP_KEEP_DAYS,
    limits: {
      bodyBytes: Math.round(e.API_BODY_LIMIT_MB * MB),
      importBytes: Math.round(e.IMPORT_MAX_MB * MB),
      importRows: e.IMPORT_MAX_ROWS,
    },
    trustedProxies: e.TRUSTED_PROXIES ? e.TRUSTED_PROXIES.split(',').map((a) => a.trim()) : [],
  };
}
