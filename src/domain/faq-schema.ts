import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isRealIsoDate } from '../core/forms/schema.js';

/**
 * A knowledge-base entry as staff write it: the same schema checks bot-flows/faq/*.yaml at
 * start and the body of POST /api/v1/faqs (where only title, keywords and answer are required).
 */
export const SLUG = /^[a-z0-9][a-z0-9-]{1,79}$/;
export const CATEGORY = /^[a-z0-9][a-z0-9-]{0,39}$/;

const Line = (max: number) => z.string().trim().min(1).max(max);
const IsoDate = z.string().refine(isRealIsoDate, 'must be a date YYYY-MM-DD');

export const FaqFields = z.strictObject({
  slug: z.string().regex(SLUG, 'lower-case letters, digits and -, 2–80 characters').optional(),
  title: Line(200),
  category: z.string().regex(CATEGORY, 'a category key: a-z, 0-9 and -').optional(),
  questions: z.array(Line(300)).max(50).default([]),
  keywords: z.array(Line(80)).min(1).max(60),
  answer: z.string().trim().min(10).max(3000),
  procedureCode: Line(60).optional(),
  legalBasis: Line(1000).optional(),
  sourceUrl: z.url({ protocol: /^https?$/ }).optional(),
  lastReviewed: IsoDate.optional(),
  published: z.boolean().default(true),
});
export type FaqFieldsInput = z.input<typeof FaqFields>;
export type FaqFieldsData = z.output<typeof FaqFields>;

/** A seed entry must say where it comes from and when it was last checked. */
const SeedEntry = FaqFields.extend({
  slug: z.string().regex(SLUG, 'lower-case letters, digits and -, 2–80 characters'),
  category: z.string().regex(CATEGORY, 'a category key: a-z, 0-9 and -'),
  legalBasis: Line(1000),
  lastReviewed: IsoDate,
});
const SeedFile = z.strictObject({ entries: z.array(SeedEntry).min(1) });
export type SeedFaqEntry = z.output<typeof SeedEntry> & { slug: string; category: string };

export const FAQ_DIR = fileURLToPath(new URL('../../bot-flows/faq', import.meta.url));

export class FaqLoadError extends Error {
  constructor(readonly problems: { file: string; path: string; message: string }[]) {
    super(`invalid knowledge-base files:\n${problems.map((p) => `  ${p.file}${p.path ? ` → ${p.path}` : ''}: ${p.message}`).join('\n')}`);
    this.name = 'FaqLoadError';
  }
}

/** Reads and checks every *.yaml in dir; throws FaqLoadError naming file and path of each problem. */
export function loadFaqDir(dir: string = FAQ_DIR): SeedFaqEntry[] {
  const problems: FaqLoadError['problems'] = [];
  const entries: SeedFaqEntry[] = [];
  const fileOfSlug = new Map<string, string>();
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort()) {
    let data: unknown;
    try {
      data = parseYaml(readFileSync(join(dir, name), 'utf8'));
    } catch (err) {
      problems.push({ file: name, path: '', message: (err as Error).message.split('\n')[0]! });
      continue;
    }
    const result = SeedFile.safeParse(data);
    if (!result.success) {
      for (const i of result.error.issues) problems.push({ file: name, path: i.path.join('.'), message: i.message });
      continue;
    }
    result.data.entries.forEach((entry, i) => {
      const earlier = fileOfSlug.get(entry.slug);
      if (earlier) problems.push({ file: name, path: `entries.${i}.slug`, message: `"${entry.slug}" is already used in ${earlier}` });
      else fileOfSlug.set(entry.slug, name);
      entries.push(entry as SeedFaqEntry);
    });
  }
  if (problems.length) throw new FaqLoadError(problems);
  return entries;
}
