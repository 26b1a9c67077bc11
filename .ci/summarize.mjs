#!/usr/bin/env node
// The last step of .ci/run: reads vitest's JSON report and prints the plain line
// "N passed, M failed". A file that failed to load, a skipped or todo test, a run that executed
// nothing, or a missing report all make the run fail. Plain Node: it must work on a clean checkout.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * @param {any} report vitest's JSON report (jest-compatible), or undefined when unreadable
 * @param {number} vitestStatus the exit status of `npm test`
 * @returns {{ lines: string[], exitCode: number }}
 */
export function summarize(report, vitestStatus) {
  if (!report || typeof report !== 'object') {
    return { lines: ['no test report was written: the test command did not run', '0 passed, 0 failed'], exitCode: vitestStatus || 1 };
  }
  const files = Array.isArray(report.testResults) ? report.testResults : [];
  const tests = files.flatMap((f) => (Array.isArray(f.assertionResults) ? f.assertionResults : []));
  const count = (status) => tests.filter((t) => t.status === status).length;
  const passed = count('passed');
  const failedTests = count('failed');
  const skipped = count('skipped') + count('pending') + count('todo') + count('disabled');
  // A file that failed to load has no test results of its own.
  const brokenFiles = files.filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  const failed = failedTests + brokenFiles + skipped;
  const lines = [];
  if (brokenFiles) lines.push(`${brokenFiles} test file(s) failed to load`);
  if (skipped) lines.push(`${skipped} test(s) were skipped or marked todo; CI counts them as failures`);
  if (passed + failed === 0) lines.push('no tests were executed');
  lines.push(`${passed} passed, ${failed} failed`);
  let exitCode = vitestStatus;
  if (exitCode === 0 && (failed > 0 || passed === 0)) exitCode = 1;
  return { lines, exitCode };
}

const isMain = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (isMain) {
  let report;
  try {
    report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  } catch {
    report = undefined;
  }
  const { lines, exitCode } = summarize(report, Number(process.argv[3] ?? 0));
  for (const line of lines) console.log(line);
  process.exitCode = exitCode;
}
