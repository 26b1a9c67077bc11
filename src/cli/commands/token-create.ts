import { createApiToken } from '../../domain/api-tokens.js';
import { DAY, formatLocalIso } from '../../lib/time.js';
import { optionalFlag, positiveIntegerFlag, requiredFlag, roleFlag, type CommandRun } from '../command.js';
import { staffUserByUsername } from '../staff-user-lookup.js';

/** token:create — the clear token is printed once; only its hash is stored. */
export const createToken: CommandRun = async (args, { io, open }) => {
  const name = requiredFlag(args, 'name');
  const role = roleFlag(args);
  const username = optionalFlag(args, 'user');
  const expiresDays = positiveIntegerFlag(args, 'expires-days');

  const { ctx } = await open();
  const staffUserId = username === undefined ? null : staffUserByUsername(ctx, username).id;
  const expiresAt = expiresDays === undefined ? null : new Date(ctx.clock.now().getTime() + expiresDays * DAY);
  const { token, row } = createApiToken(ctx, { name, role, staffUserId, expiresAt });

  const owner = username === undefined ? '' : ` for ${username}`;
  const expiry = expiresAt ? `expires ${formatLocalIso(expiresAt, ctx.timeZone)}` : 'never expires';
  io.out(`Created API token #${row.id} "${row.name}"${owner}, role ${row.role}, ${expiry}.`);
  io.out(token);
  io.out('This token will not be shown again: store it now (mã chỉ hiện một lần, hãy lưu lại ngay).');
  return 0;
};
