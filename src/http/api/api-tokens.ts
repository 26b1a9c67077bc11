import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';

export function apiTokensRoutes(_api: ApiRouter, _deps: AppDeps): void {}
