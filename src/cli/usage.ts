import type { Command } from './command.js';

const PREFIX = 'npm run cli --';

export function commandUsage(command: Command): string {
  return `${PREFIX} ${command.name}${command.synopsis ? ` ${command.synopsis}` : ''}`;
}

/** The short overview printed for --help or no command at all. */
export function overview(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.flatMap((c) => [
    `  ${c.name.padEnd(width)}  ${c.synopsis}`.trimEnd(),
    `  ${' '.repeat(width)}  ${c.summary}`,
  ]);
  return [
    'Cầu Nối — operator commands (lệnh dành cho người vận hành)',
    '',
    `Usage (cách dùng): ${PREFIX} <command> [options]`,
    '',
    ...lines,
    '',
    'The database is DATABASE_PATH (default ./data/app.db); every change is in the audit log as cli:<your user>.',
    `Help for one command: ${PREFIX} <command> --help. Exit codes: 0 done, 1 refused or failed, 2 mistyped command.`,
  ].join('\n');
}

export function commandHelp(command: Command): string {
  return [`Usage (cách dùng): ${commandUsage(command)}`, '', `  ${command.summary}`].join('\n');
}
