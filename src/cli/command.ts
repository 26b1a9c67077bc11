import type { Config } from '../config/env.js';
import type { Ctx, StaffRole } from '../domain/context.js';

/** Where a command writes; tests and main.ts pass the process streams. */
export type CliIo = { out: (line: string) => void; err: (line: string) => void };

/** The database-backed context a command may open; main closes it afterwards. */
export type CliSession = { ctx: Ctx; config: Config };

export type CliEnv = {
  io: CliIo;
  /** Opens the database on first call (migrated, default unit kinds ensured). */
  open: () => Promise<CliSession>;
  /** The configuration alone, for commands that must not open the database (restore). */
  config: () => Promise<Config>;
};

export type FlagSpec = { type: 'string' | 'boolean'; short?: string };

export type CommandArgs = {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
};

export type Command = {
  name: string;
  /** Arguments as shown in the usage text, e.g. `<file.csv|file.xlsx> [--dry-run]`. */
  synopsis: string;
  summary: string;
  flags: Record<string, FlagSpec>;
  /** Names of positional arguments, in order; all of them are required. */
  positionals?: string[];
  /** Domain field name → how the operator spells it, so error messages name the flag. */
  fieldFlags?: Record<string, string>;
  /**
   * Loads the implementation only once the command line parsed: zod, drizzle and exceljs cost
   * about a second of start-up, which `--help` and a mistyped flag should not pay.
   */
  load: () => Promise<CommandRun>;
};

export type CommandRun = (args: CommandArgs, env: CliEnv) => Promise<number> | number;

/** A mistake in how the command was typed: message on stderr, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export function requiredFlag(args: CommandArgs, flag: string): string {
  const value = optionalFlag(args, flag);
  if (value === undefined) throw new UsageError(`missing --${flag} (thiếu --${flag})`);
  return value;
}

/** A string flag, trimmed; an empty value counts as a mistake, not as absent. */
export function optionalFlag(args: CommandArgs, flag: string): string | undefined {
  const raw = args.values[flag];
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value === '') throw new UsageError(`--${flag} must not be empty`);
  return value;
}

const ROLES: readonly StaffRole[] = ['admin', 'staff', 'viewer'];

export function roleFlag(args: CommandArgs): StaffRole {
  const value = requiredFlag(args, 'role');
  const role = ROLES.find((r) => r === value);
  if (!role) throw new UsageError(`--role must be admin, staff or viewer (got "${value}")`);
  return role;
}

export function positiveIntegerFlag(args: CommandArgs, flag: string): number | undefined {
  const value = optionalFlag(args, flag);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new UsageError(`--${flag} must be a whole number of 1 or more (got "${value}")`);
  }
  return Number(value);
}
