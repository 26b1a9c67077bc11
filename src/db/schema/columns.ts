import { integer } from 'drizzle-orm/sqlite-core';

/** Every instant is stored as UTC epoch milliseconds and read back as a Date. */
export const instant = (name: string) => integer(name, { mode: 'timestamp_ms' });
export const flag = (name: string) => integer(name, { mode: 'boolean' });
export const createdAt = () => instant('created_at').notNull();
export const updatedAt = () => instant('updated_at').notNull();
