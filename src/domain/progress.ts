import type { StatusItem } from './requirement-status.js';

/** How a requirement's audience stands, in the four parts the progress bar shows. */
export type Progress = {
  total: number;
  /** Received, first version in time. */
  onTime: number;
  /** Received after the deadline. */
  lateSent: number;
  /** Nothing received (before or after the deadline). */
  missing: number;
  /** Latest version returned by staff. */
  returned: number;
  /** Of `missing`, those past their deadline. */
  overdue: number;
  /** Units that still owe a submission (missing + returned). */
  owing: number;
};

/** Still owes: nothing received yet, or the latest version was returned. */
export function owesSubmission(item: Pick<StatusItem, 'status' | 'lastSubmittedAt'>): boolean {
  return item.status === 'missing' || item.status === 'returned' || (item.status === 'late' && item.lastSubmittedAt === null);
}

export function progressOf(items: Pick<StatusItem, 'status' | 'lastSubmittedAt'>[]): Progress {
  const p: Progress = { total: items.length, onTime: 0, lateSent: 0, missing: 0, returned: 0, overdue: 0, owing: 0 };
  for (const item of items) {
    if (item.status === 'submitted') p.onTime += 1;
    else if (item.status === 'returned') p.returned += 1;
    else if (item.status === 'late' && item.lastSubmittedAt) p.lateSent += 1;
    else {
      p.missing += 1;
      if (item.status === 'late') p.overdue += 1;
    }
  }
  p.owing = p.missing + p.returned;
  return p;
}
