// Visits are typed and shown in the co-op's wall-clock time (config TIME_ZONE) but stored in
// UTC. A series must keep its local time across the clock change (10:00 stays 10:00 in summer),
// so every conversion goes through src/platform/zoned-time.ts, which knows the zone's rules.
import { addDays, calendarDay, coOpTimeZone, dateFormat, wallClock, zonedToUtc } from '../../../platform/zoned-time.ts';

export { addDays, coOpTimeZone, wallClock, zonedToUtc };
export type { WallClock } from '../../../platform/zoned-time.ts';

export const DAY_MS = 86_400_000;

/**
 * A local wall time carried in a Date's UTC fields ("floating"), as rrule works. An occurrence
 * that falls in the spring gap is not refused (the person typed only the first): it happens the
 * gap's length later, 01:30 becoming 02:30, as zonedToUtc says.
 */
export const floating = (date: string, time = '00:00'): Date => new Date(`${date}T${time}:00Z`);
export const fromFloating = (f: Date, timeZone = coOpTimeZone()): Date => zonedToUtc(f.toISOString().slice(0, 10), f.toISOString().slice(11, 16), timeZone);


/** The Monday of the week holding a local date. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - calendarDay(date).dayOfWeek);
}

/** "Tue 1 Dec, 10:00–11:00" (the end's date too when it is another day): words for chat and reminders. */
export function describeSlot(startsAt: Date, endsAt: Date, timeZone = coOpTimeZone()): string {
  const day = (d: Date) => dateFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(d);
  const s = wallClock(startsAt, timeZone);
  const e = wallClock(endsAt, timeZone);
  return s.date === e.date ? `${day(startsAt)}, ${s.time}–${e.time}` : `${day(startsAt)}, ${s.time} – ${day(endsAt)}, ${e.time}`;
}

/** "Tuesday 1 December 2026": a day heading on the rota. */
export const dayHeading = (date: string): string =>
  dateFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${date}T12:00:00Z`));
