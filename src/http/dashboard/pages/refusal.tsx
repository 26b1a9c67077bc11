import type { DashboardSession } from '../../../domain/dashboard-sessions.js';
import { Layout } from './layout.js';

/** A calm page for a refusal or a mistake: what happened and what to do, never an internal message. */
export function refusalPage(title: string, message: string, session?: DashboardSession) {
  return (
    <Layout title={title} session={session}>
      <h1>{title}</h1>
      <p class="notice error" role="alert">{message}</p>
      <p>
        <a href="/">Về trang tổng quan</a>
      </p>
    </Layout>
  );
}
