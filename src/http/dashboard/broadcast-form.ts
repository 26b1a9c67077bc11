import { BROADCAST_ROLES, type BroadcastAudience, type BroadcastRole } from '../../domain/broadcast-audience.js';
import type { Ctx } from '../../domain/context.js';
import { invalid } from '../../core/errors.js';
import { unitIdsByCodes } from '../../domain/units.js';
import { field, fields, type Form } from './routes/helpers.js';

/** The compose form as typed, to show it again after a mistake and to preview it. */
export type BroadcastDraft = {
  title: string;
  text: string;
  roles: BroadcastRole[];
  unitKinds: string[];
  /** Unit codes as pasted: separated by commas, spaces or lines. */
  unitCodes: string;
  topics: string[];
  requireAck: boolean;
  /** datetime-local: "2026-05-20T08:00", or '' to send now. */
  scheduledAt: string;
};

export const EMPTY_DRAFT: BroadcastDraft = { title: '', text: '', roles: ['unit_contact'], unitKinds: [], unitCodes: '', topics: [], requireAck: false, scheduledAt: '' };

export function readDraft(form: Form): BroadcastDraft {
  return {
    title: field(form, 'title', 200),
    text: field(form, 'text', 5000),
    roles: fields(form, 'roles').filter((r): r is BroadcastRole => (BROADCAST_ROLES as readonly string[]).includes(r)),
    unitKinds: fields(form, 'unitKinds').map((k) => k.slice(0, 40)).slice(0, 100),
    unitCodes: field(form, 'unitCodes', 200_000),
    topics: fields(form, 'topics').map((t) => t.slice(0, 40)).slice(0, 50),
    requireAck: field(form, 'requireAck') === '1',
    scheduledAt: field(form, 'scheduledAt', 20),
  };
}

export const splitCodes = (text: string) => text.split(/[\s,;]+/).filter(Boolean).slice(0, 10_000);

/** The audience the draft names; unknown unit codes are a mistake naming them. */
export function draftAudience(ctx: Ctx, d: BroadcastDraft): BroadcastAudience {
  const { ids, unknown } = unitIdsByCodes(ctx, splitCodes(d.unitCodes));
  if (unknown.length) throw invalid(`Không có đơn vị mã ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? '…' : ''}.`, 'audience.unitIds');
  return {
    roles: d.roles,
    ...(d.unitKinds.length ? { unitKinds: d.unitKinds } : {}),
    ...(ids.length ? { unitIds: ids } : {}),
    ...(d.topics.length ? { topics: d.topics } : {}),
  };
}

/** What the audience checks mean to the person composing. */
export const AUDIENCE_WORDING: Record<string, string> = {
  'audience.roles': 'Anh/chị chọn ít nhất một nhóm người nhận.',
  'audience.unitKinds': 'Đã chọn loại đơn vị: hãy đánh dấu cả nhóm “Đầu mối đơn vị”.',
  'audience.unitIds': 'Đã chọn đơn vị: hãy đánh dấu cả nhóm “Đầu mối đơn vị”.',
  'audience.topics': 'Đã chọn chủ đề: hãy đánh dấu cả nhóm “Người dân theo dõi”.',
  text: 'Anh/chị nhập nội dung thông báo (tối đa 3.500 ký tự).',
  scheduledAt: 'Giờ hẹn gửi chưa đúng hoặc đã qua.',
  attachmentFileId: 'Tệp đính kèm không dùng được.',
};
