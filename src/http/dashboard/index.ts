import { Hono } from 'hono';
import type { DashboardDeps, DashboardEnv } from './env.js';
import { assetRoutes } from './routes/assets.js';
import { authRoutes } from './routes/auth.js';
import { eventRoutes } from './routes/events.js';
import { exportRoutes } from './routes/exports.js';
import { overviewRoutes } from './routes/overview.js';
import { requirementRoutes } from './routes/requirement.js';
import { unitRoutes } from './routes/unit.js';
import { adminPeopleRoutes } from './routes/admin-people.js';
import { adminPlanRoutes } from './routes/admin-plans.js';
import { adminSystemRoutes } from './routes/admin-system.js';
import { adminUnitRoutes } from './routes/admin-units.js';
import { broadcastRoutes } from './routes/broadcasts.js';
import { faqRoutes } from './routes/faqs.js';
import { inboxRoutes } from './routes/inbox.js';
import { resultRoutes } from './routes/results.js';
import { savedReplyRoutes } from './routes/saved-replies.js';

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
  app.route('/', savedReplyRoutes()); // before /inbox/:id
  app.route('/', inboxRoutes());
  app.route('/', broadcastRoutes());
  app.route('/', faqRoutes());
  app.route('/', resultRoutes());
  app.route('/', adminSystemRoutes(deps));
  app.route('/', adminUnitRoutes(deps));
  app.route('/', adminPlanRoutes());
  app.route('/', adminPeopleRoutes());
  app.route('/', eventRoutes(deps));
  return app;
}
