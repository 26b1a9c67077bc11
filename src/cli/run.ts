import { parseArgs } from 'node:util';
import { DomainError } from '../core/errors.js';
import { UsageError, type CliIo, type CliSession, type Command, type CommandArgs } from './command.js';
import { commands } from './commands/index.js';
import { reportDomainError } from './report-error.js';
import { commandHelp, commandUsage, overview } from './usage.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Runs one CLI invocation and returns its exit code; never throws for a user's mistake. */
export async function runCli(argv: string[], io: CliIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview(commands));
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`error: unknown command "${name}" (không có lệnh này)`);
    io.err(`commands: ${commands.map((c) => c.name).join(', ')}`);
    io.err('see: npm run cli -- --help');
    return EXIT_USAGE;
  }

  let session: (CliSession & { close: () => void }) | undefined;
  const open = async () => {
    if (!session) {
      const [{ loadConfig }, { openCliSession }] = await Promise.all([import('../config/env.js'), import('./session.js')]);
      session = openCliSession(loadConfig(env));
    }
    return session;
  };
  try {
    const args = parseCommandArgs(command, rest);
    if (args === 'help') {
      io.out(commandHelp(command));
      return EXIT_OK;
    }
    const run = await command.load();
    const config = async () => (await import('../config/env.js')).loadConfig(env);
    return await run(args, { io, open, config });
  } catch (err) {
    return report(err, command, io, env);
  } finally {
    session?.close();
  }
}

function parseCommandArgs(command: Command, argv: string[]): CommandArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...command.flags, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(explainParseError(err));
  }
  if (parsed.values.help === true) return 'help';
  const expected = command.positionals ?? [];
  if (parsed.positionals.length < expected.length) {
    throw new UsageError(`missing <${expected[parsed.positionals.length]}> (thiếu <${expected[parsed.positionals.length]}>)`);
  }
  if (parsed.positionals.length > expected.length) {
    throw new UsageError(`unexpected argument "${parsed.positionals[expected.length]}"`);
  }
  const values: CommandArgs['values'] = {};
  for (const [key, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string' || typeof value === 'boolean') values[key] = value;
  }
  return { values, positionals: parsed.positionals };
}

/** node:util's messages are long and aimed at programmers; keep the flag, drop the rest. */
function explainParseError(err: unknown): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const flag = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${flag ?? message} (không có tuỳ chọn này)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return flag && /argument missing|ambiguous/.test(message)
      ? `${flag} needs a value (thiếu giá trị cho ${flag})`
      : `${flag ?? 'an option'} does not take a value`;
  }
  return message;
}

function report(err: unknown, command: Command, io: CliIo, env: Record<string, string | undefined>): number {
  if (err instanceof UsageError) {
    io.err(`error: ${err.message}`);
    io.err(`usage: ${commandUsage(command)}`);
    return EXIT_USAGE;
  }
  if (err instanceof DomainError) {
    reportDomainError(err, command, io);
    return EXIT_FAILED;
  }
  // By name: the config module (zod) is loaded only when a command opens the database.
  if (err instanceof Error && err.name === 'ConfigError') {
    io.err(err.message);
    return EXIT_FAILED;
  }
  // A bug or an environment problem (disk, locked database): say what, keep the stack for debugging.
  io.err(`unexpected error: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && (env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace')) io.err(err.stack ?? '');
  else io.err('(run with LOG_LEVEL=debug to see the stack trace)');
  return EXIT_FAILED;
}
