import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';

export function jobsRoutes(_api: ApiRouter, _deps: AppDeps): void {}
