/**
 * The comparison for the broadcast benchmark: what a bot without a sender would do, a plain
 * loop calling sendMessage every 1000/rate ms with telegraf, against its own fake Bot API
 * with the same flood limits. A 429 is counted and that message dropped.
 */
import { performance } from 'node:perf_hooks';
import { Telegraf, TelegramError } from 'telegraf';
import { FakeTelegramBotApi } from '../../test/fakes/telegram-bot-api.js';
import { sleep, TELEGRAM_FLOOD } from './broadcast-run.js';

export type NaiveMeasure = { rate: number; tooManyRequests: number; delivered: number };

export async function naiveBroadcast(recipients: number, perSecond: number): Promise<NaiveMeasure> {
  const fake = await FakeTelegramBotApi.start({ enforceLimits: TELEGRAM_FLOOD, recordCalls: false });
  try {
    const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
    const started = performance.now();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < recipients; i++) {
      const wait = started + (i * 1000) / perSecond - performance.now();
      if (wait > 0) await sleep(wait);
      sends.push(
        bot.telegram.sendMessage(800_000_000 + i, 'Thông báo của Sở GDĐT: lịch nghỉ hè năm học 2025–2026.').then(
          () => undefined,
          (err: unknown) => {
            if (!(err instanceof TelegramError && err.code === 429)) throw err;
          },
        ),
      );
    }
    await Promise.all(sends);
    const seconds = (performance.now() - started) / 1000;
    const { sent, tooManyRequests } = fake.stats();
    return { rate: sent / seconds, tooManyRequests, delivered: sent };
  } finally {
    await fake.close();
  }
}
