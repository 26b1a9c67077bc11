import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../env.js';
import { createRouter } from './router.js';
import { unitKindRoutes } from './unit-kinds.js';

/** Every /api/v1 resource, and the OpenAPI 3.1 document generated from their zod schemas. */
export function mountApi(app: Hono<AppEnv>, deps: AppDeps): void {
  const root = createRouter();
  root.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (created with `npm run cli -- token:create` or POST /api/v1/api-tokens), or ADMIN_API_TOKEN.',
  });

  const v1 = createRouter();
  unitKindRoutes(v1, deps);

  root.route('/api/v1', v1);
  root.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Cầu Nối admin API',
      version: '1.0.0',
      description:
        'Units, contacts, plans (campaigns and requirements), submissions and files of a Department of Education and Training. ' +
        'Times are ISO 8601; a time without an offset is read in the app time zone.',
    },
  });
  app.route('/', root);
}
