import rrulePkg from 'rrule';
import { addDays, floating, fromFloating } from './times.ts';

const { RRule } = rrulePkg;

/** What the booking form offers, and no more: daily or weekly on chosen days, to a date or a count. */
export interface Repeat {
  freq: 'daily' | 'weekly';
  weekdays: string[];
  until: string | null;
  count: number | null;
}

export const weekdayCodes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const MAX_OCCURRENCES = 100;

/** The RRULE text kept on the series (no DTSTART: the series holds its first start). */
export function ruleText(r: Repeat): string {
  const parts = [`FREQ=${r.freq === 'daily' ? 'DAILY' : 'WEEKLY'}`];
  if (r.freq === 'weekly' && r.weekdays.length) parts.push(`BYDAY=${r.weekdays.join(',')}`);
  // UNTIL is a floating local time like the occurrences: the end of that local day.
  if (r.until) parts.push(`UNTIL=${r.until.replaceAll('-', '')}T235959Z`);
  else parts.push(`COUNT=${r.count ?? 1}`);
  return parts.join(';');
}

/**
 * Every occurrence of a rule whose first wall-clock start is `date time`, as real instants.
 * The rule is expanded on floating local times, so 10:00 stays 10:00 across a clock change.
 * At most MAX_OCCURRENCES for a count and a year and a day's worth for an until date.
 */
export function occurrences(rule: string, date: string, time: string): Date[] {
  const options = RRule.parseString(rule);
  const r = new RRule({ ...options, dtstart: floating(date, time) });
  const stop = floating(addDays(date, 367));
  return r.between(floating(date, time), stop, true, (_d, i) => i < 400).map((f) => fromFloating(f));
}
