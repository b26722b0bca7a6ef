import { z } from 'zod';
import { DAY, MINUTE } from '../../../platform/clock.ts';
import { coOpTimeZone, isTimeZone, readDateTime, readRange, toLocalInput } from '../../../platform/zoned-time.ts';

/**
 * A time as people type it: an instant with its offset ("2026-11-20T10:00:00Z", as the API
 * may send), or a wall-clock time in the co-op's zone ("2026-11-20T10:00", as a form sends).
 * Null for anything that is not a real time, a time in the spring gap included.
 */
export function parseTime(value: unknown, timeZone: string): Date | null {
  const r = readDateTime(value, timeZone);
  return r.ok ? r.value : null;
}

/** The value a datetime-local input shows for an instant, in the co-op's zone. */
export { toLocalInput };

export const minutesBetween = (start: Date, end: Date): number => Math.round((end.getTime() - start.getTime()) / MINUTE);

/** The longest single stretch of support one log may record (a live-in day). */
export const MAX_LOG_MS = DAY;
/** Clocks differ a little: a log may end up to this far "in the future". */
const SLACK_MS = 15 * MINUTE;

/**
 * Start and end times of support that has happened: real times, the end after the start,
 * at most a day long, not in the future. Adds `start`, `end` and `minutes` to the values.
 */
export function withTimes<S extends z.ZodObject<{ startsAt: z.ZodType; endsAt: z.ZodType; timeZone: z.ZodType<string> }>>(schema: S, now: Date) {
  return schema.transform((v, ctx) => {
    // Start and end are read together (zoned-time.ts readRange): a time in the spring gap is
    // refused naming the gap, and in the autumn overlap the two are read so the log lasts what
    // the wall clock showed, so 01:30 to 02:30 on that night is one hour of support, not two.
    const typedStart = readDateTime(v.startsAt, v.timeZone);
    const typedEnd = readDateTime(v.endsAt, v.timeZone);
    const said = (r: typeof typedStart) => (!r.ok && /does not exist/.test(r.message) ? r.message : null);
    if (!typedStart.ok) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: said(typedStart) ?? 'Enter when the support started, like 2026-11-20T10:00' });
    if (!typedEnd.ok) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: said(typedEnd) ?? 'Enter when the support ended, like 2026-11-20T11:30' });
    const range = readRange(v.startsAt, v.endsAt, v.timeZone);
    if (!typedStart.ok || !typedEnd.ok || !range.ok) return z.NEVER;
    const { start, end } = range.value;
    if (end <= start) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end must be after the start' });
    else if (end.getTime() - start.getTime() > MAX_LOG_MS) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'One log covers at most 24 hours: add another log for the rest' });
    else if (minutesBetween(start, end) < 1) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The support must last at least a minute' });
    if (end.getTime() > now.getTime() + SLACK_MS) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'A care log records support that has happened: the end cannot be in the future' });
    return { ...v, start, end, minutes: minutesBetween(start, end) };
  });
}

export const timeField = (missing: string) => z.string({ error: missing }).trim().min(1, missing).max(40, missing);
export const zoneField = z.string().default(() => coOpTimeZone()).refine(isTimeZone, 'Unknown time zone');
