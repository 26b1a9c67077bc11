import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ROLE_RANK } from '../domain/authentication.js';
import type { Actor, StaffRole } from '../domain/context.js';
import type { AppEnv } from './env.js';


export function roleOf(actor: Actor): StaffRole | undefined {
  return 'role' in actor ? actor.role : undefined;
}

export function hasRole(actor: Actor | undefined, needed: StaffRole): boolean {
  const role = actor ? roleOf(actor) : undefined;
  return role !== undefined && ROLE_RANK[role] >= ROLE_RANK[needed];
}

/**
 * Route guard: 401 without credentials, 403 with too few rights.
 * The actor itself was resolved once by `authenticate` in app.ts.
 */
export function requireRole(needed: StaffRole): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!actor) {
      c.header('WWW-Authenticate', 'Bearer realm="cau-noi"');
      throw new HTTPException(401, { message: 'missing or invalid credentials: send Authorization: Bearer <token>' });
    }
    if (!hasRole(actor, needed)) {
      throw new HTTPException(403, { message: `this action needs the ${needed} role` });
    }
    await next();
  };
}
