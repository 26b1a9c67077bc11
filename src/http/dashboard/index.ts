import { Hono } from 'hono';
import type { DashboardDeps, DashboardEnv } from './env.js';
import { assetRoutes } from './routes/assets.js';
import { authRoutes } from './routes/auth.js';
import { eventRoutes } from './routes/events.js';
import { exportRoutes } from './routes/exports.js';
import { overviewRoutes } from './routes/overview.js';
import { requirementRoutes } from './routes/requirement.js';
import { unitRoutes } from './routes/unit.js';

/**
 * The staff dashboard at the site root: server-rendered pages over the same domain verbs as
 * the API. Each route carries its own guard (signedIn(role)), so nothing here touches /api.
 */
export function dashboardRoutes(deps: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.route('/', assetRoutes());
  app.route('/', authRoutes());
  app.route('/', overviewRoutes());
  app.route('/', requirementRoutes(deps));
  app.route('/', unitRoutes(deps));
  app.route('/', exportRoutes(deps));
  app.route('/', eventRoutes(deps));
  return app;
}
