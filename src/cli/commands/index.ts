import type { Command } from '../command.js';

/**
 * Every operator command, in the order the usage text lists them. Only what parsing and help
 * need lives here; each implementation is imported when its command actually runs.
 */
export const commands: Command[] = [
  {
    name: 'user:create',
    synopsis: '--username <u> --name "<display name>" --role admin|staff|viewer [--email <e>] [--password <p>]',
    summary: 'Create a staff user (tạo tài khoản cán bộ)',
    flags: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
    },
    fieldFlags: { username: '--username', displayName: '--name', role: '--role', email: '--email', password: '--password' },
    load: async () => (await import('./user-create.js')).createUser,
  },
  {
    name: 'token:create',
    synopsis: '--name <n> --role admin|staff|viewer [--user <username>] [--expires-days <N>]',
    summary: 'Create an API token, shown once (tạo mã truy cập API, chỉ hiện một lần)',
    flags: {
      name: { type: 'string' },
      role: { type: 'string' },
      user: { type: 'string' },
      'expires-days': { type: 'string' },
    },
    fieldFlags: { name: '--name', role: '--role', staffUserId: '--user', expiresAt: '--expires-days' },
    load: async () => (await import('./token-create.js')).createToken,
  },
  {
    name: 'units:import',
    synopsis: '<file.csv|file.xlsx> [--dry-run]',
    summary: 'Create or update units from a spreadsheet, all or nothing (nhập danh sách đơn vị)',
    flags: { 'dry-run': { type: 'boolean' } },
    positionals: ['file'],
    fieldFlags: { file: '<file>' },
    load: async () => (await import('./units-import.js')).importUnitsFile,
  },
  {
    name: 'jobs',
    synopsis: '',
    summary: 'List the background jobs (danh sách tác vụ nền)',
    flags: {},
    load: async () => (await import('./jobs.js')).listJobsCommand,
  },
  {
    name: 'job',
    synopsis: '<name>',
    summary: 'Run one job now; running it twice sends nothing twice (chạy một tác vụ ngay)',
    flags: {},
    positionals: ['name'],
    load: async () => (await import('./jobs.js')).runJobCommand,
  },
  {
    name: 'backup:restore',
    synopsis: '<backup.db>',
    summary: 'Put a backup in place of DATABASE_PATH; stop the service first (khôi phục bản sao lưu)',
    flags: {},
    positionals: ['backup.db'],
    fieldFlags: { file: '<backup.db>' },
    load: async () => (await import('./backup-restore.js')).restoreBackupCommand,
  },
  {
    name: 'demo:seed',
    synopsis: '',
    summary: 'Fill an empty database with the demo plan and units (tạo dữ liệu mẫu)',
    flags: {},
    load: async () => (await import('./demo-seed.js')).seedDemo,
  },
];
