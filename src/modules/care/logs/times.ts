import { z } from 'zod';
import { DAY, MINUTE } from '../../../platform/clock.ts';
import { wallClock, zonedToUtc } from '../../../platform/zoned-time.ts';

/**
 * A time as people type it: an instant with its offset ("2026-11-20T10:00:00Z", as the API
 * sends), or a wall-clock time in the co-op's zone ("2026-11-20T10:00", as a form sends).
 * Null for anything that is not a real time.
 */
export function parseTime(value: unknown, timeZone: string): Date | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  const local = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v);
  if (local) {
    const [y, mo, d, h, mi, s] = local.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
    const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
    return zonedToUtc(v.slice(0, 10), `${v.slice(11, 16)}:${String(s).padStart(2, '0')}`, timeZone);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return null;
  const at = new Date(v);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The value a datetime-local input shows for an instant, in the co-op's zone. */
export function toLocalInput(date: Date, timeZone: string): string {
  const w = wallClock(date, timeZone);
  return `${w.date}T${w.time}`;
}

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
    const start = parseTime(v.startsAt, v.timeZone);
    const end = parseTime(v.endsAt, v.timeZone);
    if (!start) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'Enter when the support started, like 2026-11-20T10:00' });
    if (!end) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'Enter when the support ended, like 2026-11-20T11:30' });
    if (!start || !end) return z.NEVER;
    if (end <= start) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end must be after the start' });
    else if (end.getTime() - start.getTime() > MAX_LOG_MS) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'One log covers at most 24 hours: add another log for the rest' });
    else if (minutesBetween(start, end) < 1) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The support must last at least a minute' });
    if (end.getTime() > now.getTime() + SLACK_MS) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'A care log records support that has happened: the end cannot be in the future' });
    return { ...v, start, end, minutes: minutesBetween(start, end) };
  });
}

export const timeField = (missing: string) => z.string({ error: missing }).trim().min(1, missing).max(40, missing);
export const zoneField = z.string().default('Europe/London').refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'Unknown time zone');
