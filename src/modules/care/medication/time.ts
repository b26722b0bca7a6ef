import { addDays, coOpTimeZone, isDay, wallClock, zonedToUtc } from '../../../platform/zoned-time.ts';

/**
 * Doses are due at wall-clock times in the co-op's zone (config TIME_ZONE, read through
 * src/platform/zoned-time.ts), so an 08:00 dose stays at 08:00 across the clock changes. A dose
 * time is typed once (HH:MM) and each day's dose is computed, never refused: on the spring night
 * a 01:30 dose is due at 02:30 (the gap's length later), and on the autumn night a 01:30 dose is
 * due at the first 01:30.
 */
export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The instant a wall-clock time happens on a day in the zone (a time skipped by the spring change falls an hour later). */
export const zonedInstant = (day: string, hhmm: string, timeZone = coOpTimeZone()): Date => zonedToUtc(day, hhmm, timeZone);

/** The day (YYYY-MM-DD) and time (HH:MM) an instant shows in the zone. */
export const localDay = (date: Date, timeZone = coOpTimeZone()): string => wallClock(date, timeZone).date;
export const localTime = (date: Date, timeZone = coOpTimeZone()): string => wallClock(date, timeZone).time;

/** True when one of a medicine's daily dose times, on that day, is exactly this instant. */
export const isDoseTime = (times: readonly string[], day: string, dueAt: Date, timeZone = coOpTimeZone()): boolean =>
  times.some((time) => zonedInstant(day, time, timeZone).getTime() === dueAt.getTime());

export { addDays, isDay };
