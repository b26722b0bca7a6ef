import { coOpTimeZone, dateFormat } from '../../platform/zoned-time.ts';

/** Hat terms are calendar dates (YYYY-MM-DD) in the co-op's time zone (config TIME_ZONE). */
export function isoDate(date: Date, timeZone = coOpTimeZone()): string {
  return dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

export function addMonths(isoDay: string, months: number): string {
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
