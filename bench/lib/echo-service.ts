/**
 * The telegraf echo bot of bench/lib/telegraf-echo.ts (Hono + @hono/node-server, replies with
 * sendMessage) in its own process, as the benchmarks compare against it: started bare
 * (`node --import tsx`, none of the service's V8 flags) and measured from outside
 * (bench/lib/child-process.ts). Its webhook is registered with the fake Bot API.
 * Env: BENCH_BOT_TOKEN, BENCH_API_ROOT, BENCH_ECHO_PORT (0 or unset: any free port).
 */
import { WEBHOOK_SECRET } from './webhook-server.js';
import { startTelegrafEcho } from './telegraf-echo.js';

const echo = await startTelegrafEcho({ token: process.env.BENCH_BOT_TOKEN!, apiRoot: process.env.BENCH_API_ROOT! }, Number(process.env.BENCH_ECHO_PORT ?? 0));
await echo.bot.telegram.setWebhook(echo.target.url, { secret_token: WEBHOOK_SECRET });
process.once('SIGTERM', () => void echo.close().then(() => process.exit(0)));
