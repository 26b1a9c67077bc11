import type { Db } from './client.js';

/**
 * Statements prepared once per database and reused: building and preparing SQL on every call
 * costs more than running it on the hot paths (the webhook, the sender, reminders).
 *
 *   const statements = preparedFor((db) => ({ byId: db.$client.prepare('SELECT … WHERE id = ?') }));
 *   statements(ctx.db).byId.get(id);
 *
 * One cache per database (tests open many), forgotten with it.
 */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let statements = cache.get(db);
    if (!statements) cache.set(db, (statements = build(db)));
    return statements;
  };
}
