import type { JobInfo, JobRunRecord } from '../../../jobs/registry.js';
import { formatVnDateTime } from '../../../lib/time.js';
import type { PageSession } from '../env.js';
import type { Flash } from '../flash.js';
import { Csrf, FlashNotice, Layout } from './layout.js';

/** The administration home: what staff set up, and (for admins) people, tokens and the audit log. */
export function adminIndexPage(p: { session: PageSession; zaloOa?: boolean }) {
  const admin = p.session.user.role === 'admin';
  const links = [
    { href: '/admin/units', label: 'Đơn vị', text: 'thêm, sửa, ngừng hoạt động, nhập từ tệp CSV/Excel' },
    { href: '/admin/unit-kinds', label: 'Loại đơn vị', text: 'các loại đơn vị và tên gọi' },
    { href: '/admin/campaigns', label: 'Kế hoạch và yêu cầu nộp', text: 'hạn nộp, mốc nhắc, đơn vị phải nộp, mẫu biểu' },
    { href: '/admin/forms', label: 'Mẫu biểu', text: 'các câu hỏi bot hỏi khi đơn vị nộp báo cáo; tải tệp YAML' },
    { href: '/admin/jobs', label: 'Tác vụ định kỳ', text: 'nhắc hạn, bản tổng hợp, sao lưu; chạy ngay' },
    ...(admin
      ? [
          { href: '/admin/staff', label: 'Cán bộ và quyền', text: 'tài khoản đăng nhập, vai trò, khóa tài khoản' },
          { href: '/admin/tokens', label: 'Khóa API', text: 'khóa cho phần mềm khác gọi API' },
          { href: '/admin/audit', label: 'Nhật ký thao tác', text: 'ai đã thay đổi gì, lúc nào' },
          ...(p.zaloOa ? [{ href: '/admin/zalo-oa', label: 'Zalo OA', text: 'kết nối Official Account của Sở, tình trạng mã truy cập' }] : []),
        ]
      : []),
  ];
  return (
    <Layout title="Quản trị" session={p.session}>
      <h1>Quản trị</h1>
      <ul class="link-list">
        {links.map((l) => (
          <li>
            <a href={l.href}>{l.label}</a> — {l.text}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

const TRIGGER = { cron: 'theo lịch', api: 'chạy tay', cli: 'dòng lệnh', startup: 'khi khởi động' } as const;
const RUN_STATUS = { running: 'đang chạy', ok: 'xong', failed: 'lỗi' } as const;

/** One run's detail in a line: its counts, or that it failed (never the internal error text). */
function runDetail(r: JobRunRecord): string {
  if (r.status === 'failed') return 'Không chạy xong; xem nhật ký máy chủ.';
  if (!r.detail) return '—';
  return Object.entries(r.detail)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

export function jobsPage(p: { session: PageSession; jobs: (JobInfo & { runs: JobRunRecord[] })[]; timeZone: string; flash?: Flash }) {
  const { session } = p;
  return (
    <Layout title="Tác vụ định kỳ" session={session}>
      <p class="muted">
        <a href="/admin">Quản trị</a> › Tác vụ định kỳ
      </p>
      <h1>Tác vụ định kỳ</h1>
      <FlashNotice flash={p.flash} />
      <p>Mỗi tác vụ tính từ dữ liệu hiện có: chạy thêm một lần không gửi trùng tin nhắn nào.</p>
      {p.jobs.map((j) => (
        <article class="card" aria-labelledby={`job-${j.name}`}>
          <h2 id={`job-${j.name}`}>
            {j.name} <span class="muted">({j.schedule})</span>
          </h2>
          <p>{j.description}</p>
          <form method="post" action={`/admin/jobs/${j.name}/run`} class="inline">
            <Csrf session={session} />
            <button type="submit" class="small" aria-label={`Chạy ngay ${j.name}`}>
              Chạy ngay
            </button>
          </form>
          {j.runs.length === 0 ? (
            <p class="muted">Chưa chạy lần nào.</p>
          ) : (
            <div class="table-wrap" tabindex={0} role="region" aria-label={`Các lần chạy của ${j.name}`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Bắt đầu</th>
                    <th scope="col">Cách chạy</th>
                    <th scope="col">Kết quả</th>
                    <th scope="col">Chi tiết</th>
                  </tr>
                </thead>
                <tbody>
                  {j.runs.map((r) => (
                    <tr class={r.status === 'failed' ? 'row-late' : undefined}>
                      <td>{formatVnDateTime(r.startedAt, p.timeZone)}</td>
                      <td>{TRIGGER[r.trigger]}</td>
                      <td>{RUN_STATUS[r.status]}</td>
                      <td>{runDetail(r)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </article>
      ))}
    </Layout>
  );
}
