import { Hono } from 'hono';
import { mountApi } from './api/index.js';
import { docsRoutes } from './docs.js';
import { authenticate } from './authenticate.js';
import type { AppDeps, AppEnv } from './env.js';
import { defaultBodyLimit } from './body-limit.js';
import { handleError } from './errors.js';
import { healthRoutes } from './health.js';
import { securityHeaders } from './security-headers.js';

export type AppExtensions = {
  /** Extra sub-apps (webhooks, simulator, dashboard) mounted by the composition root. */
  mount?: (app: Hono<AppEnv>) => void;
};

/** The whole HTTP surface. Built per test over a fresh database; main.ts serves it. */
export function createApp(deps: AppDeps, extensions: AppExtensions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', securityHeaders({ publicBaseUrl: deps.config.publicBaseUrl }));
  app.use('*', defaultBodyLimit(deps.config.limits.bodyBytes));
  app.use('*', authenticate(deps));

  app.route('/healthz', healthRoutes(deps.db, { zaloOa: deps.config.zaloOa !== undefined }));
  app.route('/api/docs', docsRoutes());
  mountApi(app, deps);
  extensions.mount?.(app);

  app.notFound((c) => c.json({ code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError(handleError(deps.log));
  return app;
}
