import { createStaffUser } from '../../domain/staff-users.js';
import { optionalFlag, requiredFlag, roleFlag, UsageError, type CommandRun } from '../command.js';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** user:create — a staff user, with or without a password. */
export const createUser: CommandRun = async (args, { io, open }) => {
  const username = requiredFlag(args, 'username');
  const displayName = requiredFlag(args, 'name');
  const role = roleFlag(args);
  const email = optionalFlag(args, 'email');
  if (email !== undefined && !EMAIL.test(email)) throw new UsageError(`--email is not an email address: "${email}"`);
  // Never prompt: CI and scripts have no terminal to answer.
  const password = optionalFlag(args, 'password');

  const { ctx } = await open();
  const user = createStaffUser(ctx, { username, displayName, role, email: email ?? null, password });
  io.out(`Created staff user #${user.id} ${user.username} (${user.displayName}), role ${user.role}.`);
  if (!user.hasPassword) {
    io.out('No password was given: this user cannot sign in until one is set (chưa có mật khẩu, chưa đăng nhập được).');
  }
  return 0;
};
