import { CO_OP_TIME_ZONE, addDays, isDay, wallClock, zonedToUtc } from '../../../platform/zoned-time.ts';

/**
 * Doses are due at wall-clock times where the person lives (the brief: Europe/London), so an
 * 08:00 dose stays at 08:00 across the clock changes. Commands and the missed-dose job have
 * no config, so the zone is fixed here rather than read from TIME_ZONE.
 */
export const MAR_TIME_ZONE = CO_OP_TIME_ZONE;

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The instant a wall-clock time happens on a day in the zone (a time skipped by the spring change falls an hour later). */
export const zonedInstant = (day: string, hhmm: string, timeZone = MAR_TIME_ZONE): Date => zonedToUtc(day, hhmm, timeZone);

/** The day (YYYY-MM-DD) and time (HH:MM) an instant shows in the zone. */
export const localDay = (date: Date, timeZone = MAR_TIME_ZONE): string => wallClock(date, timeZone).date;
export const localTime = (date: Date, timeZone = MAR_TIME_ZONE): string => wallClock(date, timeZone).time;

export { addDays, isDay };
