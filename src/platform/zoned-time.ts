// People type and read times on the co-op's wall clock; the database keeps UTC. Conversions go
// through the zone's offset at that moment, so 10:00 stays 10:00 across the clock changes.
export const CO_OP_TIME_ZONE = 'Europe/London';

const DAY_MS = 86_400_000;

/**
 * One Intl.DateTimeFormat per locale and options, made once: building one costs tens of
 * microseconds (it loads the zone's and locale's data), and pages format dates in loops.
 */
const formats = new Map<string, Intl.DateTimeFormat>();
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formats.set(key, f);
  }
  return f;
}

const formatterFor = (timeZone: string) =>
  dateFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short' });

export interface WallClock {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
  /** 0 = Monday ... 6 = Sunday */
  weekday: number;
}

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The local date and time of an instant in the zone. */
export function wallClock(instant: Date, timeZone = CO_OP_TIME_ZONE): WallClock {
  const p = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, weekday: weekdays.indexOf(p.weekday ?? '') };
}

function offsetAt(instant: number, timeZone: string): number {
  const p = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a local date and time (HH:MM or HH:MM:SS) names in the zone. A repeated autumn
 * time takes its first (summer) meaning; a time skipped in spring lands an hour later, as a
 * clock on the wall would.
 */
export function zonedToUtc(date: string, time: string, timeZone = CO_OP_TIME_ZONE): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss = 0] = time.split(':').map(Number) as [number, number, number?];
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss);
  const before = wall - offsetAt(wall - DAY_MS, timeZone);
  const after = wall - offsetAt(wall + DAY_MS, timeZone);
  const valid = [before, after].filter((c) => c + offsetAt(c, timeZone) === wall);
  return new Date(valid.length ? Math.min(...valid) : before);
}

export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** A real calendar day written YYYY-MM-DD (not 2026-02-30). */
export const isDay = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && addDays(value, 0) === value;
