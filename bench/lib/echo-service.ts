/**
 * The memory baseline of bench/broadcast.bench.ts: the telegraf echo bot of the webhook
 * benchmark (bench/lib/telegraf-echo.ts: Hono + @hono/node-server, replies with sendMessage)
 * in its own process, its webhook registered with the fake Bot API, run and measured the same
 * way as the service (bench/lib/child-process.ts). Env: BENCH_BOT_TOKEN, BENCH_API_ROOT.
 */
import { WEBHOOK_SECRET } from './webhook-server.js';
import { startTelegrafEcho } from './telegraf-echo.js';

const echo = await startTelegrafEcho({ token: process.env.BENCH_BOT_TOKEN!, apiRoot: process.env.BENCH_API_ROOT! });
await echo.bot.telegram.setWebhook(echo.target.url, { secret_token: WEBHOOK_SECRET });
process.once('SIGTERM', () => void echo.close().then(() => process.exit(0)));
