import { createStaffUser } from '../../domain/staff-users.js';
import { optionalFlag, requiredFlag, roleFlag, UsageError, type Command } from '../command.js';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export const userCreate: Command = {
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
  run(args, { io, open }) {
    const username = requiredFlag(args, 'username');
    const displayName = requiredFlag(args, 'name');
    const role = roleFlag(args);
    const email = optionalFlag(args, 'email');
    if (email !== undefined && !EMAIL.test(email)) throw new UsageError(`--email is not an email address: "${email}"`);
    // Never prompt: CI and scripts have no terminal to answer.
    const password = optionalFlag(args, 'password');

    const user = createStaffUser(open().ctx, { username, displayName, role, email: email ?? null, password });
    io.out(`Created staff user #${user.id} ${user.username} (${user.displayName}), role ${user.role}.`);
    if (!user.hasPassword) {
      io.out('No password was given: this user cannot sign in until one is set (chưa có mật khẩu, chưa đăng nhập được).');
    }
    return 0;
  },
};
