import type { ChartPoint, Progress } from '../../../domain/dashboard-overview.js';
import { formatVnDate } from '../../../lib/time.js';

const SEGMENTS = [
  { key: 'onTime', label: 'đúng hạn', cls: 'seg-ontime' },
  { key: 'lateSent', label: 'nộp trễ', cls: 'seg-late' },
  { key: 'returned', label: 'bị trả lại', cls: 'seg-returned' },
  { key: 'missing', label: 'chưa nộp', cls: 'seg-missing' },
] as const;

/** A stacked bar drawn with SVG attributes (no style attributes: the CSP forbids them), with the figures as text beside it. */
export function ProgressBar(props: { progress: Progress }) {
  const p = props.progress;
  const total = Math.max(1, p.total);
  let x = 0;
  const summary = SEGMENTS.map((s) => `${p[s.key]} ${s.label}`).join(', ');
  return (
    <div class="progress">
      <svg viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label={`${p.total} đơn vị: ${summary}`} class="bar">
        {SEGMENTS.map((s) => {
          const w = (p[s.key] / total) * 100;
          const rect = <rect x={x} y={0} width={w} height={6} class={s.cls} />;
          x += w;
          return rect;
        })}
      </svg>
      <ul class="legend">
        {SEGMENTS.map((s) => (
          <li>
            <span class={`swatch ${s.cls}`} aria-hidden="true"></span>
            {s.label}: <b>{p[s.key]}</b>
          </li>
        ))}
        {p.overdue > 0 && <li class="warn">quá hạn chưa nộp: <b>{p.overdue}</b></li>}
      </ul>
    </div>
  );
}

/** Units received day by day against the deadline, as an SVG line; the label says it in words. */
export function SubmissionsChart(props: { points: ChartPoint[]; total: number; dueAt: Date; timeZone: string }) {
  const { points, total, dueAt, timeZone } = props;
  if (points.length < 2) return null;
  const W = 300;
  const H = 100;
  const first = points[0]!.day.getTime();
  const last = points.at(-1)!.day.getTime();
  const span = Math.max(1, last - first);
  const max = Math.max(1, total);
  const xOf = (t: number) => ((t - first) / span) * W;
  const yOf = (n: number) => H - (n / max) * H;
  const line = points.map((p) => `${xOf(p.day.getTime()).toFixed(1)},${yOf(p.received).toFixed(1)}`).join(' ');
  const dueX = Math.min(W, Math.max(0, xOf(dueAt.getTime())));
  const received = points.at(-1)!.received;
  const label = `Biểu đồ số đơn vị đã nộp theo ngày, từ ${formatVnDate(points[0]!.day, timeZone)} đến ${formatVnDate(points.at(-1)!.day, timeZone)}: đã nhận ${received}/${total}; hạn nộp ${formatVnDate(dueAt, timeZone)}.`;
  return (
    <figure class="chart">
      <svg viewBox={`-2 -4 ${W + 4} ${H + 8}`} role="img" aria-label={label}>
        <line x1={0} y1={yOf(total)} x2={W} y2={yOf(total)} class="chart-total" />
        <line x1={dueX} y1={0} x2={dueX} y2={H} class="chart-due" />
        <polyline points={line} class="chart-line" fill="none" />
      </svg>
      <figcaption>
        Đường xanh: số đơn vị đã nộp; vạch đỏ: hạn nộp ({formatVnDate(dueAt, timeZone)}); vạch xám: {total} đơn vị.
      </figcaption>
    </figure>
  );
}
