import type { DashboardSession } from '../../domain/dashboard-sessions.js';
import type { AppDeps, AppEnv } from '../env.js';
import type { ActivityFeed } from './activity-feed.js';

export type DashboardEnv = {
  Variables: AppEnv['Variables'] & {
    /** The signed-in staff user's session, resolved on every request. */
    session: DashboardSession;
  };
};

export type DashboardDeps = AppDeps & {
  feed: ActivityFeed;
};
