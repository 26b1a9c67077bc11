import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const documents = ['README.md', 'BENCHMARKS.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Relative Markdown link targets of a document, without #anchors. */
function relativeLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#')).map((t) => t.split('#')[0]!);
}

describe('the repository stands on its own', () => {
  it.each(documents)('every link in %s resolves to a file inside the repository', (doc) => {
    const text = readFileSync(join(root, doc), 'utf8');
    for (const target of relativeLinks(text)) {
      const path = resolve(dirname(join(root, doc)), target);
      expect(relative(root, path).startsWith('..'), `${doc} links outside the repository: ${target}`).toBe(false);
      expect(existsSync(path), `${doc} links to a missing file: ${target}`).toBe(true);
    }
  });

  it('the README starts with the two commands a newcomer needs', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(firstBlock).toMatch(/^npm install && npm start\b/m);
    expect(firstBlock).toMatch(/^npm test\b/m);
    expect(readme).not.toContain('../shared');
  });
});
