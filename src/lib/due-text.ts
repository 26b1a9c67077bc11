import { calendarDaysBetween, formatVnDateTime, HOUR } from './time.js';

/** "hạn chót 17:00 ngày 23/5/2026, còn 3 ngày" / "…, hôm nay" / "…, đã trễ 2 ngày". */
export function dueText(dueAt: Date, now: Date, timeZone: string): string {
  const when = `hạn chót ${formatVnDateTime(dueAt, timeZone)}`;
  const ms = dueAt.getTime() - now.getTime();
  const days = calendarDaysBetween(now, dueAt, timeZone);
  if (ms >= 0) {
    if (days === 0) {
      const hours = Math.floor(ms / HOUR);
      return hours >= 1 ? `${when}, hôm nay (còn ${hours} giờ)` : `${when}, chỉ còn dưới 1 giờ`;
    }
    return days === 1 ? `${when}, còn 1 ngày (ngày mai)` : `${when}, còn ${days} ngày`;
  }
  const late = -days;
  return late <= 0 ? `${when}, đã quá hạn` : `${when}, đã trễ ${late} ngày`;
}
