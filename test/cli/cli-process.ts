import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs the real CLI as the operator would, in a child process over the given database file. */
export function runCliProcess(args: string[], env: { DATABASE_PATH: string; FILES_DIR: string }): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: repoRoot, env: { ...process.env, ...env, DEMO_DATA: '0', LOG_LEVEL: 'silent' }, timeout: 15_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
