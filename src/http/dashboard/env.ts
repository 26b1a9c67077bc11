import type { DashboardSession } from '../../domain/dashboard-sessions.js';
import type { AppDeps, AppEnv } from '../env.js';
import type { ActivityFeed } from './activity-feed.js';

/** What a page needs to know about who looks at it: the session, where they are, the inbox badge. */
export type PageSession = DashboardSession & {
  path?: string;
  /** Tickets being worked and how many are overdue (staff and admin only). */
  inbox?: { open: number; overdue: number };
};

export type DashboardEnv = {
  Variables: AppEnv['Variables'] & {
    /** The signed-in staff user's session, resolved on every request. */
    session: PageSession;
  };
};

export type DashboardDeps = AppDeps & {
  feed: ActivityFeed;
};
