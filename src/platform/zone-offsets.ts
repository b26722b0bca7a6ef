// A zone's offset from UTC, cached by quarter hour, so the wall clock of an instant (and the
// instant of a wall-clock time) is arithmetic in the common case: pages turn dozens of times a
// request each way (every visit's start and end, every hat's last day), and Intl's
// formatToParts costs 5 to 9 µs a call, Temporal's zoned conversion 15 to 25 µs; together they
// were a tenth of the server's CPU time on the busiest pages (docs/performance.md, 2026-12-04).
//
// Only what is certain is answered here; anything else is left to zoned-time.ts's Intl and
// Temporal readings by returning null:
// - a quarter hour whose start and end have different offsets holds a clock change (they fall
//   on quarter hours in every zone since the 1970s, but the check does not assume it);
// - a wall-clock time is turned into an instant only when the offset is the same from 26 hours
//   before to 26 hours after it (offsets are within ±14 hours), so it names exactly one instant:
//   never a time in a gap or an overlap, whose rules live in zoned-time.ts;
// - years outside 1900 to 2199.
const QUARTER_HOUR = 15 * 60_000;
const HOUR = 3_600_000;
const FIRST = Date.UTC(1900, 0, 1);
const LAST = Date.UTC(2200, 0, 1);
/** A zone's cache is emptied when it holds this many quarter hours (about 10 years' worth). */
const MAX_CACHED = 350_000;

const formats = new Map<string, Intl.DateTimeFormat>();
function secondsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, f);
  }
  return f;
}

/** The zone's offset at an instant in milliseconds (wall clock minus UTC), read through Intl. */
function offsetThroughIntl(ms: number, timeZone: string): number {
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const x of secondsFormat(timeZone).formatToParts(new Date(ms))) p[x.type] = x.value;
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(ms / 1000) * 1000;
}

const cache = new Map<string, Map<number, number | null>>();

/** The zone's offset at the instant, or null when its quarter hour holds a change or it is out of range. */
export function steadyOffset(ms: number, timeZone: string): number | null {
  if (!(ms >= FIRST && ms < LAST)) return null;
  let zone = cache.get(timeZone);
  if (!zone) {
    zone = new Map();
    cache.set(timeZone, zone);
  }
  const quarter = Math.floor(ms / QUARTER_HOUR);
  let offset = zone.get(quarter);
  if (offset === undefined) {
    const start = offsetThroughIntl(quarter * QUARTER_HOUR, timeZone);
    const end = offsetThroughIntl((quarter + 1) * QUARTER_HOUR - 1, timeZone);
    offset = start === end ? start : null;
    if (zone.size >= MAX_CACHED) zone.clear();
    zone.set(quarter, offset);
  }
  return offset;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall clock of an instant (as zoned-time.ts's WallClock), or null to read it through Intl. */
export function steadyWallClock(instant: Date, timeZone: string): { date: string; time: string; weekday: number } | null {
  const ms = instant.getTime();
  const offset = steadyOffset(ms, timeZone);
  if (offset === null) return null;
  const d = new Date(ms + offset);
  return {
    date: `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    weekday: (d.getUTCDay() + 6) % 7,
  };
}

/**
 * The one instant a wall-clock time names, or null when it may name none or two (near a
 * change) or is out of range. Month and day roll over as Date.UTC does (the 32nd of January is
 * 1 February); hours, minutes and seconds must be in range.
 */
export function steadyInstant(year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string): Date | null {
  if (year < 1900 || year > 2199 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const before = steadyOffset(wall - 26 * HOUR, timeZone);
  if (before === null || steadyOffset(wall + 26 * HOUR, timeZone) !== before || steadyOffset(wall - before, timeZone) !== before) return null;
  return new Date(wall - before);
}
