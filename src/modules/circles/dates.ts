import { calendarDay, coOpTimeZone, localDate } from '../../platform/zoned-time.ts';

/**
 * Hat terms are calendar dates (YYYY-MM-DD) in the co-op's time zone (config TIME_ZONE). The
 * day from the zone's cached offsets (zoned-time.ts), not Intl: nearly every page asks it (0.7 %
 * of the server's profile on the circle, proposal and team pages went to Intl here).
 */
export function isoDate(date: Date, timeZone = coOpTimeZone()): string {
  return localDate(date, timeZone);
}

/** A calendar date some months on; a day the month lacks becomes its last (31 January + 1 month is 28 February). */
export const addMonths = (isoDay: string, months: number): string => calendarDay(isoDay).add({ months }).toString();
