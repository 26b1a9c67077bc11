/** The words staff read for a unit's status on a requirement: pages and exports say it the same way. */
export type StatusWord = 'late' | 'missing' | 'returned' | 'submitted';

export const STATUS_LABEL: Record<StatusWord, string> = {
  submitted: 'Đã nộp đúng hạn',
  late: 'Trễ hạn',
  missing: 'Chưa nộp',
  returned: 'Bị trả lại',
};

/** 'late' covers two cases a person tells apart: sent after the deadline, or nothing yet. */
export function statusText(status: StatusWord, received: boolean): string {
  if (status === 'late') return received ? 'Nộp trễ' : 'Quá hạn, chưa nộp';
  return STATUS_LABEL[status];
}
