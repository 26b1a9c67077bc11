import { sql } from 'drizzle-orm';
import { campaigns, contacts, requirements, submissions, units } from '../db/schema/index.js';
import { recordAudit } from '../domain/audit.js';
import type { Ctx } from '../domain/context.js';
import { foldVietnamese } from '../lib/text.js';
import { DAY, HOUR, fromLocal, localParts } from '../lib/time.js';
import { demoUnits } from './units.js';

const CONTACT_NAMES = [
  'Nguyễn Thị Thu Hà', 'Trần Văn Phúc', 'Lê Thị Mỹ Linh', 'Phạm Minh Tuấn', 'Huỳnh Thị Ngọc Ánh',
  'Võ Thanh Hải', 'Đặng Thị Kim Loan', 'Bùi Quốc Khánh', 'Dương Thị Bích Trâm', 'Lâm Văn Thành',
  'Châu Thị Hồng Nhung', 'Trương Công Danh', 'Ngô Thị Thanh Thảo', 'Hồ Văn Lợi', 'Phan Thị Diễm My',
];

export type DemoSummary = { units: number; contacts: number; campaigns: number; requirements: number; submissions: number };

/**
 * Seeds the seed document's plan with dates placed around today, so every state shows at once:
 * the unit plan is overdue (most sent, some late, some missing, one returned) and the results
 * report is open (a few already sent). Runs only on an empty database.
 */
export function seedDemoData(ctx: Ctx): DemoSummary | undefined {
  const hasData = ctx.db.select({ n: sql<number>`count(*)` }).from(units).get();
  if ((hasData?.n ?? 0) > 0) return undefined;

  const now = ctx.clock.now();
  const tz = ctx.timeZone;
  const at17 = (daysFromToday: number) => {
    const p = localParts(new Date(now.getTime() + daysFromToday * DAY), tz);
    return fromLocal(tz, p.year, p.month, p.day, 17, 0);
  };

  return ctx.db.transaction(() => {
    const ids = new Map<string, number>();
    const list = demoUnits();
    for (const u of list) {
      const row = ctx.db
        .insert(units)
        .values({
          code: u.code,
          name: u.name,
          searchText: foldVietnamese(`${u.code} ${u.name}`),
          kind: u.kind,
          parentId: u.parent ? ids.get(u.parent) ?? null : null,
          area: u.area ?? null,
          active: true,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: units.id })
        .get();
      ids.set(u.code, row.id);
    }

    const audienceKinds = ['phong_gddt', 'truong_thpt', 'truong_chuyen_biet', 'trung_tam'];
    const audience = list.filter((u) => audienceKinds.includes(u.kind));

    let contactCount = 0;
    audience.forEach((u, i) => {
      if (i % 4 === 3) return; // some units have not linked anyone yet
      ctx.db
        .insert(contacts)
        .values({
          channel: 'web',
          platformUserId: `demo-${u.code.toLowerCase()}`,
          chatId: `demo-${u.code.toLowerCase()}`,
          displayName: CONTACT_NAMES[i % CONTACT_NAMES.length]!,
          role: 'unit_contact',
          unitId: ids.get(u.code)!,
          status: 'active',
          consentAt: new Date(now.getTime() - 20 * DAY),
          lastSeenAt: new Date(now.getTime() - (i % 9) * DAY),
          createdAt: new Date(now.getTime() - 20 * DAY),
          updatedAt: now,
        })
        .run();
      contactCount++;
    });

    const campaign = ctx.db
      .insert(campaigns)
      .values({
        title: 'Thực hiện “Năm Dân vận khéo” 2020',
        referenceNumber: '1234/KH-SGDĐT',
        issuedOn: '2020-05-12',
        description:
          'Tiếp tục thực hiện có hiệu quả nhiệm vụ công tác dân vận trong ngành GDĐT nhằm nâng cao chất lượng giáo dục; ' +
          'đẩy mạnh phong trào thi đua “Dân vận khéo”; các phòng GDĐT, các trường, trung tâm trực thuộc xây dựng kế hoạch ' +
          'của đơn vị và báo cáo kết quả về Sở (qua Phòng Chính trị, tư tưởng) để tổng hợp báo cáo UBND tỉnh.',
        sourceDocument: 'Kế hoạch số 1234/KH-SGDĐT ngày 12/5/2020 của Sở GDĐT An Giang',
        status: 'open',
        createdAt: new Date(now.getTime() - 21 * DAY),
        updatedAt: now,
      })
      .returning()
      .get();

    const planDue = at17(-4);
    const reportDue = at17(12);
    const plan = ctx.db
      .insert(requirements)
      .values({
        campaignId: campaign.id,
        title: 'Kế hoạch thực hiện “Năm Dân vận khéo” của đơn vị',
        kind: 'plan',
        description: 'Xây dựng kế hoạch thực hiện “Năm Dân vận khéo” gắn với chức năng, nhiệm vụ được giao; gửi về Sở qua Phòng Chính trị, tư tưởng.',
        dueAt: planDue,
        reminderOffsets: ['-7d', '-3d', '-1d', '0d', '+1d', '+3d'],
        escalateAfter: '+2d',
        formKey: 'ke-hoach-dan-van-kheo',
        audienceKinds,
        audienceUnitIds: [],
        createdAt: new Date(now.getTime() - 21 * DAY),
        updatedAt: now,
      })
      .returning()
      .get();
    const report = ctx.db
      .insert(requirements)
      .values({
        campaignId: campaign.id,
        title: 'Báo cáo kết quả thực hiện “Năm Dân vận khéo”',
        kind: 'report',
        description: 'Báo cáo kết quả triển khai thực hiện “Năm Dân vận khéo” của đơn vị để Sở tổng hợp báo cáo UBND tỉnh.',
        dueAt: reportDue,
        reminderOffsets: ['-7d', '-3d', '-1d', '0d', '+1d'],
        escalateAfter: '+3d',
        formKey: 'bao-cao-dan-van-kheo',
        audienceKinds,
        audienceUnitIds: [],
        createdAt: new Date(now.getTime() - 21 * DAY),
        updatedAt: now,
      })
      .returning()
      .get();

    let submissionCount = 0;
    const submit = (requirementId: number, unitCode: string, submittedAt: Date, dueAt: Date, answers: Record<string, unknown>, returned = false) => {
      submissionCount++;
      ctx.db
        .insert(submissions)
        .values({
          code: `NB-DEMO${String(submissionCount).padStart(3, '0')}`,
          requirementId,
          unitId: ids.get(unitCode)!,
          version: 1,
          channel: 'web',
          submittedAt,
          onTime: submittedAt <= dueAt,
          answers,
          links: [`https://drive.google.com/file/d/demo-${unitCode.toLowerCase()}/view`],
          reviewState: returned ? 'returned' : 'received',
          reviewReason: returned ? 'Kế hoạch chưa có chữ ký của thủ trưởng đơn vị, đề nghị gửi lại bản có ký tên, đóng dấu.' : null,
          reviewedAt: returned ? new Date(now.getTime() - DAY) : null,
          createdAt: submittedAt,
        })
        .run();
    };

    audience.forEach((u, i) => {
      const bucket = i % 5;
      const person = CONTACT_NAMES[i % CONTACT_NAMES.length]!;
      const planAnswers = { ngay_ky: '2020-05-20', nguoi_phu_trach: `${person}, Phó Hiệu trưởng` };
      if (bucket <= 2) submit(plan.id, u.code, new Date(planDue.getTime() - (1 + (i % 6)) * DAY - 3 * HOUR), planDue, planAnswers, i === 7);
      else if (bucket === 3) submit(plan.id, u.code, new Date(planDue.getTime() + DAY + 2 * HOUR), planDue, planAnswers);
      if (i % 7 === 0) {
        submit(report.id, u.code, new Date(now.getTime() - (i % 3) * DAY - HOUR), reportDue, {
          so_hoat_dong: 12 + (i % 9),
          so_mo_hinh: 1 + (i % 3),
          so_nguoi_duoc_tiep_can: 350 + i * 17,
          so_cbgv_hoc_tap: 40 + (i % 25),
          mo_hinh_tieu_bieu: 'Mô hình “Trường học thân thiện với phụ huynh”: giáo viên chủ nhiệm thăm hỏi gia đình học sinh có hoàn cảnh khó khăn, vận động hỗ trợ học bổng.',
        });
      }
    });

    recordAudit(ctx, {
      action: 'demo.seed',
      entity: 'database',
      after: { units: list.length, contacts: contactCount, campaign: campaign.id, requirements: [plan.id, report.id], submissions: submissionCount },
    });
    return { units: list.length, contacts: contactCount, campaigns: 1, requirements: 2, submissions: submissionCount };
  });
}
