import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../env.js';
import { apiTokensRoutes } from './api-tokens.js';
import { auditRoutes } from './audit.js';
import { broadcastsRoutes } from './broadcasts.js';
import { campaignsRoutes } from './campaigns.js';
import { contactsRoutes } from './contacts.js';
import { faqsRoutes } from './faqs.js';
import { filesRoutes } from './files.js';
import { formsRoutes } from './forms.js';
import { invitesRoutes } from './invites.js';
import { jobsRoutes } from './jobs.js';
import { requirementsRoutes } from './requirements.js';
import { createRouter } from './router.js';
import { staffUsersRoutes } from './staff-users.js';
import { submissionsRoutes } from './submissions.js';
import { ticketsRoutes } from './tickets.js';
import { unitKindRoutes } from './unit-kinds.js';
import { unitsRoutes } from './units.js';

/** Every /api/v1 resource, and the OpenAPI 3.1 document generated from their zod schemas. */
export function mountApi(app: Hono<AppEnv>, deps: AppDeps): void {
  const root = createRouter();
  root.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (created with `npm run cli -- token:create` or POST /api/v1/api-tokens), or ADMIN_API_TOKEN.',
  });

  const v1 = createRouter();
  for (const register of [
    unitKindRoutes,
    unitsRoutes,
    invitesRoutes,
    contactsRoutes,
    campaignsRoutes,
    requirementsRoutes,
    submissionsRoutes,
    filesRoutes,
    formsRoutes,
    staffUsersRoutes,
    apiTokensRoutes,
    auditRoutes,
    jobsRoutes,
    broadcastsRoutes,
    faqsRoutes,
    ticketsRoutes,
  ]) {
    register(v1, deps);
  }

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
