import { z } from 'zod';
import { Invalid } from '../../../platform/errors.ts';
import { visitKinds } from '../schema.ts';
import { weekdayCodes } from './recurrence.ts';
import { typedRange } from '../../../platform/zoned-time.ts';
import { DAY_MS, addDays, coOpTimeZone } from './times.ts';

// The shapes the forms and the API send. Times are a date and a time typed in the co-op's
// time zone, as the form's date and time inputs give them.

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const MAX_VISIT_HOURS = 12;

/** A lone form value or a list of them (checkboxes), as a list. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));
/** An optional field: an empty form value reads as absent, so its own message is kept for bad input. */
const blankIsNone = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional()).transform((v) => v ?? null);
const optionalDate = (message: string) => blankIsNone(z.iso.date(message));

export const slotFields = {
  date: z.iso.date('Enter the date, like 2026-12-01'),
  startTime: z.string('Enter the start time, like 10:00').regex(HHMM, 'Enter the start time, like 10:00'),
  endTime: z.string('Enter the end time, like 11:00').regex(HHMM, 'Enter the end time, like 11:00'),
  endDate: optionalDate('Enter the end date, like 2026-12-01, or leave it empty for the same day'),
};
export const slotInput = z.object(slotFields);

export const kindLabels: Record<(typeof visitKinds)[number], string> = {
  paid: 'Paid support',
  volunteer: 'Volunteer activity',
  trial: 'Trial visit',
  meeting: 'Meeting',
};

export const bookInput = z.object({
  ...slotFields,
  kind: z.enum(visitKinds, 'Choose what kind of visit this is'),
  place: z.string('Enter the address, or a call or video link').trim().min(1, 'Enter the address, or a call or video link').max(500, 'The place must be 500 characters or fewer'),
  notes: z.string('Notes must be text').trim().max(2000, 'Notes must be 2000 characters or fewer').optional().default(''),
  supporterIds: list(z.uuid('Choose people from the team')),
  repeat: z.enum(['none', 'daily', 'weekly'], 'Choose how often it repeats').optional().default('none'),
  weekdays: list(z.enum(weekdayCodes, 'Choose days of the week')),
  repeatUntil: optionalDate('Enter the last date, like 2027-03-01'),
  repeatCount: blankIsNone(z.coerce.number('Enter how many times, from 1 to 100').int('Enter a whole number of times').min(1, 'Enter how many times, from 1 to 100').max(100, 'A series can have at most 100 visits: enter a number up to 100')),
});
export type BookInput = z.infer<typeof bookInput>;

export const reasonField = (what: string) =>
  z.string(`Say why the visit is ${what}`).trim().min(1, `Say why the visit is ${what}`).max(500, 'The reason must be 500 characters or fewer');

export const rearrangeInput = z.object({ ...slotFields, reason: reasonField('moved') });
export const cancelInput = z.object({ reason: reasonField('cancelled') });
export const cancelSeriesInput = z.object({ from: z.iso.date('Enter the first date to cancel from, like 2026-12-01'), reason: reasonField('cancelled') });
export const personInput = z.object({ personId: blankIsNone(z.uuid('Choose a person from the team')) });

/**
 * The real start and end of a typed slot, read in the co-op's zone, checked: both exist (a time
 * in the spring gap is refused, naming the gap), end after start, at most 12 hours, not in the
 * past. In the autumn overlap the two are read so the visit lasts what the wall clock shows
 * (01:30 to 02:30 is one hour); see typedRange.
 */
export function slotTimes(v: z.infer<typeof slotInput>, now: Date, timeZone = coOpTimeZone()): { startsAt: Date; endsAt: Date } {
  const slot = typedRange({ date: v.date, time: v.startTime }, { date: v.endDate ?? v.date, time: v.endTime }, timeZone);
  if (!slot.ok) throw new Invalid(slot.field === 'end' ? { endTime: slot.message } : { startTime: slot.message });
  const { start: startsAt, end: endsAt } = slot.value;
  if (endsAt <= startsAt) throw new Invalid({ endTime: v.endDate && v.endDate !== v.date ? 'The end must be after the start' : 'The end must be after the start (for a visit past midnight, give the end date too)' });
  if (endsAt.getTime() - startsAt.getTime() > MAX_VISIT_HOURS * 3_600_000) throw new Invalid({ endTime: `A visit can be at most ${MAX_VISIT_HOURS} hours long` });
  if (startsAt <= now) throw new Invalid({ date: 'Choose a start that has not passed yet' });
  if (startsAt.getTime() - now.getTime() > 2 * 366 * DAY_MS) throw new Invalid({ date: 'Book visits up to two years ahead' });
  return { startsAt, endsAt };
}

/** A series' end: exactly one of a last date (within a year) or a count (1 to 100). */
export function repeatEnd(v: BookInput): { until: string | null; count: number | null } {
  if (v.repeatUntil && v.repeatCount) throw new Invalid({ repeatCount: 'Give a last date or a number of times, not both' });
  if (!v.repeatUntil && !v.repeatCount) throw new Invalid({ repeatUntil: 'Give the last date, or how many times it happens' });
  if (v.repeatUntil && v.repeatUntil < v.date) throw new Invalid({ repeatUntil: 'The last date must be on or after the first' });
  if (v.repeatUntil && v.repeatUntil > addDays(v.date, 366)) throw new Invalid({ repeatUntil: 'A series can run for at most a year' });
  return { until: v.repeatUntil, count: v.repeatCount };
}
