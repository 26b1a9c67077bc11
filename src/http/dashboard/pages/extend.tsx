import type { DashboardSession } from '../../../domain/dashboard-sessions.js';
import type { Requirement } from '../../../domain/requirements.js';
import type { UnitDetail } from '../../../domain/units.js';
import { formatVnDateTime, localParts } from '../../../lib/time.js';
import { Csrf, Layout } from './layout.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** Gia hạn for one unit: a date, a time (17:00 by default, the end of the working day) and the reason. */
export function extendPage(p: {
  session: DashboardSession;
  requirement: Requirement;
  unit: UnitDetail;
  currentDueAt: Date;
  timeZone: string;
  error?: string;
  values?: { date?: string; time?: string; reason?: string };
}) {
  const { requirement, unit, timeZone } = p;
  const base = localParts(new Date(p.currentDueAt.getTime() + 7 * 24 * 3600_000), timeZone);
  const date = p.values?.date ?? `${base.year}-${pad(base.month)}-${pad(base.day)}`;
  return (
    <Layout title={`Gia hạn cho ${unit.name}`} session={p.session}>
      <div class="narrow">
        <p class="muted">
          <a href={`/requirements/${requirement.id}`}>{requirement.title}</a>
        </p>
        <h1>Gia hạn cho {unit.name}</h1>
        <p>
          Hạn hiện tại của đơn vị: <b>{formatVnDateTime(p.currentDueAt, timeZone)}</b>. Sau khi gia hạn, trạng thái, lời nhắc và việc tính đúng hạn của đơn vị theo hạn mới.
        </p>
        {p.error && <p class="notice error" role="alert">{p.error}</p>}
        <form method="post" class="stack">
          <Csrf session={p.session} />
          <label for="date">Hạn mới (ngày)</label>
          <input id="date" type="date" name="date" required value={date} />
          <label for="time">Giờ</label>
          <input id="time" type="time" name="time" required value={p.values?.time ?? '17:00'} />
          <label for="reason">Lý do gia hạn</label>
          <textarea id="reason" name="reason" required rows={3} maxlength={500}>
            {p.values?.reason ?? ''}
          </textarea>
          <button type="submit">Gia hạn</button>
        </form>
      </div>
    </Layout>
  );
}
