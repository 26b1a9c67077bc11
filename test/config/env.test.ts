import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.js';

describe('configuration', () => {
  it('has working defaults and turns demo data on only without a channel token', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databasePath: './data/app.db', filesDir: './data/files', timeZone: 'Asia/Ho_Chi_Minh', demoData: true });
    expect(c.publicBaseUrl).toBe('http://localhost:3000');
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc' }).demoData).toBe(false);
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc', DEMO_DATA: '1' }).demoData).toBe(true);
  });

  it('names every wrong variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', APP_TIMEZONE: 'Asia/Hanoi_City', TELEGRAM_WEBHOOK_SECRET: 'has spaces!', DEMO_DATA: 'yes' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'APP_TIMEZONE', 'TELEGRAM_WEBHOOK_SECRET', 'DEMO_DATA']) expect(message).toContain(name);
  });

  it('needs a webhook secret with a webhook URL', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_WEBHOOK_URL: 'https://x.example/telegram/webhook' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET/,
    );
  });
});

describe('admin token strength', () => {
  it('refuses to start with an ADMIN_API_TOKEN shorter than 32 characters, saying why', () => {
    expect(() => loadConfig({ ADMIN_API_TOKEN: 'short-but-sixteen+' })).toThrow(/ADMIN_API_TOKEN: must be at least 32 characters/);
    expect(loadConfig({ ADMIN_API_TOKEN: 'x'.repeat(32) }).adminApiToken).toHaveLength(32);
  });

  it('reads the limits and trusted proxies', () => {
    const c = loadConfig({ API_BODY_LIMIT_MB: '2', IMPORT_MAX_ROWS: '50000', TRUSTED_PROXIES: '127.0.0.1, ::1' });
    expect(c.limits).toEqual({ bodyBytes: 2 * 1024 * 1024, importBytes: 10 * 1024 * 1024, importRows: 50000 });
    expect(c.trustedProxies).toEqual(['127.0.0.1', '::1']);
    expect(() => loadConfig({ TRUSTED_PROXIES: 'proxy.local' })).toThrow(/TRUSTED_PROXIES/);
  });
});
