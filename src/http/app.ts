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
  /** The platforms' webhooks: each checks its own secret, and only the body limit applies before it. */
  webhooks?: { path: string; app: Hono }[];
  /** Extra sub-apps (simulator, uploads, dashboard) mounted by the composition root. */
  mount?: (app: Hono<AppEnv>) => void;
};

/** The whole HTTP surface. Built per test over a fresh database; main.ts serves it. */
export function createApp(deps: AppDeps, extensions: AppExtensions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const bodyLimit = defaultBodyLimit(deps.config.limits.bodyBytes);

  // Registered before the app-wide middleware, which they answer ahead of: a platform reads no
  // page headers and sends no bearer token, and these cost ~10% of a webhook update's CPU.
  for (const hook of extensions.webhooks ?? []) {
    app.use(hook.path, bodyLimit);
    app.route(hook.path, hook.app);
  }

  app.use('*', securityHeaders({ publicBaseUrl: deps.config.publicBaseUrl }));
  app.use('*', bodyLimit);
  app.use('*', authenticate(deps));

  app.route('/healthz', healthRoutes(deps.db, { zaloOa: deps.config.zaloOa !== undefined }));
  app.route('/api/docs', docsRoutes());
  mountApi(app, deps);
  extensions.mount?.(app);

  app.notFound((c) => c.json({ code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError(handleError(deps.log));
  return app;
}
