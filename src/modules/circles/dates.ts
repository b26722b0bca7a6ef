import { calendarDay, coOpTimeZone, dateFormat } from '../../platform/zoned-time.ts';

/** Hat terms are calendar dates (YYYY-MM-DD) in the co-op's time zone (config TIME_ZONE). */
export function isoDate(date: Date, timeZone = coOpTimeZone()): string {
  return dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** A calendar date some months on; a day the month lacks becomes its last (31 January + 1 month is 28 February). */
export const addMonths = (isoDay: string, months: number): string => calendarDay(isoDay).add({ months }).toString();
