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
