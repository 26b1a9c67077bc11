import { Hono } from 'hono';
import { resolveSession } from '../../../domain/dashboard-sessions.js';
import { dashboardOverview } from '../../../domain/dashboard-overview.js';
import type { DashboardEnv } from '../env.js';
import { overviewPage } from '../pages/overview.js';
import { signInPage } from '../pages/sign-in.js';
import { preSessionToken, sessionToken, signedIn } from '../session.js';
import { safeNext } from './auth.js';

/** `/`: the overview for a signed-in user, the sign-in form for anyone else. */
export function overviewRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.get(
    '/',
    async (c, next) => {
      const token = sessionToken(c);
      if (token && resolveSession(c.get('ctx'), token)) return next();
      return c.html(signInPage({ csrf: preSessionToken(c), next: safeNext(c.req.query('next')) }));
    },
    signedIn(),
    (c) => {
      const ctx = c.get('ctx');
      return c.html(overviewPage(c.get('session'), dashboardOverview(ctx), ctx.timeZone));
    },
  );
  return app;
}
