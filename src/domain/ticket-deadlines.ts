import { localParts } from '../lib/time.js';

export type TicketKind = 'question' | 'feedback' | 'complaint' | 'denunciation';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Time limits by kind (facts sheet §17–18). Complaints: acceptance notice within 10 days of
 * receipt, a first-level decision within 30 days of acceptance (Luật Khiếu nại 2011), so at
 * the latest 40 days after receipt. Denunciations: classified and accepted or not within 7
 * working days (wording unconfirmed), settled within 30 days of acceptance (Luật Tố cáo 2018).
 * Questions and feedback have no legal limit confirmed (NĐ 20/2008's figures are not): these
 * are the Department's own service targets, in working days.
 */
export const TICKET_DEADLINES: Record<TicketKind, { ack?: { days: number; working: boolean }; resolve: { days: number; working: boolean } }> = {
  question: { resolve: { days: 5, working: true } },
  feedback: { resolve: { days: 10, working: true } },
  complaint: { ack: { days: 10, working: false }, resolve: { days: 30, working: false } },
  denunciation: { ack: { days: 7, working: true }, resolve: { days: 30, working: false } },
};

/** Adds days; working days skip Saturday and Sunday in the app's time zone (public holidays are not known here). */
export function addDays(from: Date, days: number, working: boolean, timeZone: string): Date {
  if (!working) return new Date(from.getTime() + days * DAY);
  let at = from.getTime();
  let left = days;
  while (left > 0) {
    at += DAY;
    const p = localParts(new Date(at), timeZone);
    const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return new Date(at);
}

/** The acknowledgement deadline (if the kind has one) and the resolution deadline, counted from receipt. */
export function deadlinesFor(kind: TicketKind, receivedAt: Date, timeZone: string): { ackDueAt: Date | null; dueAt: Date } {
  const rule = TICKET_DEADLINES[kind];
  const ackDueAt = rule.ack ? addDays(receivedAt, rule.ack.days, rule.ack.working, timeZone) : null;
  const dueAt = addDays(ackDueAt ?? receivedAt, rule.resolve.days, rule.resolve.working, timeZone);
  return { ackDueAt, dueAt };
}
