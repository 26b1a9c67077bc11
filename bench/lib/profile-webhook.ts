/**
 * Where does a webhook update's time go? Runs the Cầu Nối side of webhook.bench.ts (link
 * 200 unit contacts, warm up, then N updates over 40 connections, until every reply reached
 * the fake Bot API) with the V8 sampling profiler on for the measured part only, and writes a
 * .cpuprofile (open it in Chrome DevTools → Performance, or speedscope).
 *
 *   npx tsx bench/lib/profile-webhook.ts [updates=10000] [out=webhook.cpuprofile]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startCauNoi } from './caunoi-server.js';
import { LoadGenerator } from './load-generator.js';
import { makeUsers, textStream, textUpdate } from './updates.js';

const count = Number(process.argv[2] ?? 10_000);
const out = process.argv[3] ?? 'webhook.cpuprofile';

const gen = await LoadGenerator.start();
const s = await startCauNoi({ units: 200, bot: await gen.fake({ name: 'caunoi' }) }).catch(async (err: unknown) => {
  await gen.close();
  throw err;
});
const repliesSent = () => s.service.db.$client.prepare(`SELECT count(*) FROM outbox`).pluck().get() as number;
try {
  const users = makeUsers(4000);
  const links = s.inviteCodes.map((code, i) => textUpdate(500_000 + i, users[i]!, `/start ${code}`));
  await gen.closed({ target: s.target, bodies: links, concurrency: 40 });
  await gen.closed({ target: s.target, bodies: textStream({ users, count: 3000, firstId: 1_000_000, seed: 1, spread: true }).bodies, concurrency: 40 });
  await s.service.inbox.idle();
  await gen.replies({ name: 'caunoi', count: repliesSent(), timeoutMs: 60_000 });

  const stream = textStream({ users, count, firstId: 2_000_000, seed: 2, redeliverEvery: 100, spread: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const started = performance.now();
  const cpu = process.cpuUsage();
  await gen.closed({ target: s.target, bodies: stream.bodies, concurrency: 40 });
  await s.service.inbox.idle();
  await gen.replies({ name: 'caunoi', count: repliesSent(), timeoutMs: 120_000 });
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(out, JSON.stringify(profile));
  console.log(
    `${count} updates in ${seconds.toFixed(2)} s (${(count / seconds).toFixed(0)}/s, profiler on); ` +
      `CPU per update ${((used.user + used.system) / count / 1000).toFixed(3)} ms; profile: ${out}`,
  );
} finally {
  await s.close();
  await gen.close();
}
