import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';

export function filesRoutes(_api: ApiRouter, _deps: AppDeps): void {}
