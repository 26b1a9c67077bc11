import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { searchFaqs, seedFaqs } from '../src/domain/faq.js';
import { builtinLanguage } from '../src/domain/faq-language.js';
import { loadFaqDir, type SeedFaqEntry } from '../src/domain/faq-schema.js';
import { makeTestApp } from '../test/helpers/app.js';
import { startHarness } from '../test/helpers/service.js';
import { percentile, round, type BenchMeta, type BenchResult } from './result.js';

export const meta: BenchMeta = { estimate: 'about 40 s' };

const ENTRIES = 1000;
const SEARCH_ROUNDS = 20;
const TARGET_P99_MS = 2;
const CITIZENS = 100;
const REPLY_TARGET_P95_MS = 1000;

type Item = { q: string; expect: string | null; style: string };
const QUESTIONS = (parse(readFileSync(new URL('../test/domain/faq/eval-set.yaml', import.meta.url), 'utf8')).questions as Item[]).map((i) => i.q);

/**
 * The 35 seed entries and 965 more made from their sentences (each a different mix of titles,
 * questions, keywords and answer lines), so the vocabulary is the knowledge base's own.
 */
function thousandEntries(seed: SeedFaqEntry[]): SeedFaqEntry[] {
  const out = [...seed];
  let n = 0;
  while (out.length < ENTRIES) {
    const a = seed[n % seed.length]!;
    const b = seed[(n * 7 + 3) % seed.length]!;
    const c = seed[(n * 13 + 5) % seed.length]!;
    out.push({
      ...a,
      slug: `tong-hop-${n}`,
      title: `${a.title} — ${b.keywords[n % b.keywords.length]} (${n})`,
      questions: [...a.questions.slice(0, 2), ...b.questions.slice(1, 3)],
      keywords: [...a.keywords.slice(0, 4), ...c.keywords.slice(2, 5)],
      answer: [a.answer.split('\n')[0], b.answer.split('\n')[1] ?? '', c.answer.split('\n')[0]].join('\n'),
    });
    n++;
  }
  return out;
}

function stats(times: number[]) {
  const sorted = [...times].sort((x, y) => x - y);
  return { p50: round(percentile(sorted, 50), 3), p99: round(percentile(sorted, 99), 3) };
}

/** The same entries in SQLite FTS5 (BM25 with the same field weights), folded by our analysis. */
function fts5Times(t: ReturnType<typeof makeTestApp>, entries: SeedFaqEntry[]): number[] {
  const language = builtinLanguage();
  const sqlite = t.db.$client;
  sqlite.exec(`CREATE VIRTUAL TABLE faq_bench_fts USING fts5(title, questions, keywords, answer, tokenize = 'unicode61')`);
  const fold = (s: string) => language.analyze(s).terms.join(' ');
  const insert = sqlite.prepare(`INSERT INTO faq_bench_fts (rowid, title, questions, keywords, answer) VALUES (?, ?, ?, ?, ?)`);
  sqlite.transaction(() => entries.forEach((e, i) => insert.run(i + 1, fold(e.title), fold(e.questions.join('\n')), fold(e.keywords.join('\n')), fold(e.answer))))();
  const query = sqlite.prepare(`SELECT rowid, bm25(faq_bench_fts, 2.5, 2.5, 3, 0.6) AS score FROM faq_bench_fts WHERE faq_bench_fts MATCH ? ORDER BY score LIMIT 5`);
  const times: number[] = [];
  for (let round = 0; round < SEARCH_ROUNDS; round++) {
    for (const q of QUESTIONS) {
      const start = performance.now();
      const terms = [...new Set(language.analyze(q).terms)].map((term) => `"${term}"`);
      if (terms.length) query.all(terms.join(' OR '));
      times.push(performance.now() - start);
    }
  }
  return times;
}

/** A citizen's question end to end: webhook POST → stored → engine → outbox → sender → sendMessage at the fake Bot API. */
async function endToEnd(): Promise<{ first: number[]; next: number[] }> {
  const h = await startHarness({ webhook: true });
  const first: number[] = [];
  const next: number[] = [];
  try {
    for (let i = 0; i < CITIZENS; i++) {
      const user = { id: 7_100_000 + i, firstName: `Phụ huynh ${i}` };
      for (const [k, times] of [first, next].entries()) {
        const q = QUESTIONS[(i * 2 + k) % QUESTIONS.length]!;
        const before = h.fake.sentMessages(user.id).length;
        // A newcomer gets the personal-data notice first: wait for the answer after it.
        const expected = before + (k === 0 ? 2 : 1);
        const start = performance.now();
        await h.fake.userSendsText(user, q);
        await h.fake.waitForMessages(user.id, expected, 10_000);
        times.push(performance.now() - start);
      }
    }
  } finally {
    await h.close();
  }
  return { first, next };
}

export default async function bench(): Promise<BenchResult[]> {
  const t = makeTestApp();
  try {
    const entries = thousandEntries(loadFaqDir());
    seedFaqs(t.ctx, entries);
    const buildStart = performance.now();
    searchFaqs(t.ctx, 'khởi động chỉ mục');
    const buildMs = round(performance.now() - buildStart, 1);

    for (const q of QUESTIONS) searchFaqs(t.ctx, q); // warm-up
    const times: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < SEARCH_ROUNDS; r++) {
      for (const q of QUESTIONS) {
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        searchFaqs(t.ctx, q);
        times.push(performance.now() - start);
        const used = process.cpuUsage(cpuStart);
        cpu.push((used.user + used.system) / 1000);
      }
    }
    const ours = stats(times);
    // CPU time per search: what the wall clock shows minus the time other programs had the core.
    const ownCpu = stats(cpu);
    const fts = stats(fts5Times(t, entries));
    const e2e = await endToEnd();
    const firstStats = stats(e2e.first.map((x) => x));
    const nextSorted = [...e2e.next].sort((a, b) => a - b);
    const nextP95 = round(percentile(nextSorted, 95), 1);
    return [
      { name: `FAQ search over ${ENTRIES} entries (analysis, BM25F ranking, confidence, entries read), p99 of ${times.length}`, value: ours.p99, unit: 'ms', target: `< ${TARGET_P99_MS} ms`, pass: ours.p99 < TARGET_P99_MS },
      { name: `… p50`, value: ours.p50, unit: 'ms', target: 'reported', pass: true },
      { name: `… CPU time per search, p99 (p50 ${ownCpu.p50} ms; load average ${os.loadavg()[0]!.toFixed(1)} during the run)`, value: ownCpu.p99, unit: 'ms', target: 'reported', pass: true },
      { name: `… same run, SQLite FTS5 bm25 over the same folded entries (no typo tolerance), p99 / p50 ${fts.p50} ms`, value: fts.p99, unit: 'ms', target: 'comparison', pass: true },
      { name: `… index build for ${ENTRIES} entries (first search after a change)`, value: buildMs, unit: 'ms', target: 'reported', pass: true },
      { name: `citizen question end to end (webhook → reply at the fake Bot API), known citizen, p95 of ${CITIZENS}, p50 ${round(percentile(nextSorted, 50), 1)} ms`, value: nextP95, unit: 'ms', target: `< ${REPLY_TARGET_P95_MS} ms`, pass: nextP95 < REPLY_TARGET_P95_MS },
      { name: `… first message of a newcomer (notice + answer), p99 / p50 ${round(firstStats.p50, 1)} ms`, value: round(firstStats.p99, 1), unit: 'ms', target: 'reported', pass: true },
    ];
  } finally {
    t.close();
  }
}
