import { Invalid } from '../../../platform/errors.ts';
import { wallClock, zonedToUtc } from '../../../platform/zoned-time.ts';

// A statement covers one calendar month in the co-op's time zone (Europe/London by default):
// from local midnight on the 1st to local midnight on the 1st of the next month, as UTC instants.

/** The UTC instant of local midnight at the start of a day in a time zone. */
export const localMidnight = (year: number, month: number, day: number, timeZone: string): Date =>
  zonedToUtc(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, '00:00', timeZone);

/** "2026-11-23" for the day an instant falls in, in the time zone. */
export const dayOf = (at: Date, timeZone: string): string => wallClock(at, timeZone).date;

/** "2026-11" for the month an instant falls in, in the time zone. */
export const monthOf = (at: Date, timeZone: string): string => dayOf(at, timeZone).slice(0, 7);

export interface Period {
  month: string;
  from: Date;
  to: Date;
  /** The first and last days, as dates, for expenses (which have a date, not a time). */
  firstDay: string;
  lastDay: string;
}

/** The period for `?month=YYYY-MM`, the current month when none is given; 422 for anything else. */
export function monthPeriod(raw: unknown, now: Date, timeZone: string): Period {
  const month = raw === undefined || raw === '' ? monthOf(now, timeZone) : raw;
  const m = typeof month === 'string' ? /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month) : null;
  if (!m) throw new Invalid({ month: 'Choose a month as year and month, like 2026-11' });
  const year = Number(m[1]);
  const mon = Number(m[2]);
  if (year < 2000 || year > 2100) throw new Invalid({ month: 'Choose a month between 2000 and 2100' });
  const next = mon === 12 ? { year: year + 1, mon: 1 } : { year, mon: mon + 1 };
  const lastDate = new Date(Date.UTC(next.year, next.mon - 1, 0)).getUTCDate();
  return {
    month: month as string,
    from: localMidnight(year, mon, 1, timeZone),
    to: localMidnight(next.year, next.mon, 1, timeZone),
    firstDay: `${m[1]}-${m[2]}-01`,
    lastDay: `${m[1]}-${m[2]}-${String(lastDate).padStart(2, '0')}`,
  };
}

/** The month before "YYYY-MM". */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
