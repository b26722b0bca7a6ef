import { z } from 'zod';
import type { Qualification } from './schema.ts';
import { postcodeField } from './places.ts';

export const supportOptions = [
  { value: 'companionship', label: 'Companionship' },
  { value: 'shopping', label: 'Shopping and errands' },
  { value: 'household', label: 'Household help' },
  { value: 'meals', label: 'Cooking and meals' },
  { value: 'personal-care', label: 'Personal care' },
  { value: 'medication', label: 'Medication support' },
  { value: 'getting-out', label: 'Getting out and about' },
  { value: 'overnight', label: 'Overnight support' },
  { value: 'respite', label: 'Respite for family carers' },
] as const;

export const expertiseOptions = [
  { value: 'dementia', label: 'Dementia' },
  { value: 'mental-health', label: 'Mental health' },
  { value: 'learning-disabilities', label: 'Learning disabilities' },
  { value: 'autism', label: 'Autism' },
  { value: 'end-of-life', label: 'End of life' },
  { value: 'physical-disability', label: 'Physical disability' },
  { value: 'sensory-loss', label: 'Sight or hearing loss' },
] as const;

/** Volunteers do no personal care and handle no medication (the co-op's rule, DOMAIN 4). */
export const regulatedSupport = ['personal-care', 'medication'];

export const days = [
  { value: 'mon', label: 'Monday' }, { value: 'tue', label: 'Tuesday' }, { value: 'wed', label: 'Wednesday' },
  { value: 'thu', label: 'Thursday' }, { value: 'fri', label: 'Friday' }, { value: 'sat', label: 'Saturday' }, { value: 'sun', label: 'Sunday' },
] as const;
export const dayParts = [
  { value: 'morning', label: 'Morning' }, { value: 'afternoon', label: 'Afternoon' }, { value: 'evening', label: 'Evening' }, { value: 'night', label: 'Night' },
] as const;
export const slots = days.flatMap((d) => dayParts.map((p) => `${d.value}-${p.value}`));

const labels = new Map<string, string>([...supportOptions, ...expertiseOptions, ...days, ...dayParts].map((o) => [o.value, o.label]));
export const labelOf = (value: string): string => labels.get(value) ?? value;
export const skillValues: string[] = [...supportOptions, ...expertiseOptions].map((o) => o.value);

/** A form sends a ticked box as a string, several as an array, none as nothing; JSON sends an array. */
const asList = (v: unknown): unknown => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
export const choiceList = (allowed: readonly string[], message: string) =>
  z.preprocess(asList, z.array(z.string({ error: message }).refine((v) => allowed.includes(v), message), { error: message }).max(allowed.length, message))
    .transform((list) => [...new Set(list)]);

const yesNo = (message: string) =>
  z.union([z.boolean(), z.enum(['yes', 'no', 'true', 'false', 'on'])], { error: message }).transform((v) => v === true || v === 'yes' || v === 'true' || v === 'on');

/** Languages typed as "English, Urdu": a tidy list, compared without regard to case. */
export const languageList = z.preprocess(
  (v) => (Array.isArray(v) ? v.join(',') : v ?? ''),
  z.string({ error: 'List languages separated by commas' }).max(300, 'Languages must be 300 characters or fewer'),
).transform((v) => [...new Set(v.split(',').map((l) => l.trim()).filter(Boolean))].slice(0, 20));

const qualificationLine = /^(.+),\s*(\d{4})-(\d{2})$/;
/**
 * Qualifications, one per line as "name, YYYY-MM" (or, through the API, a list of
 * {name, date}). A bad line is named in the message so it can be found and fixed.
 */
export const qualificationList = z.unknown().transform((raw, ctx): Qualification[] => {
  const lines = Array.isArray(raw)
    ? raw.map((q) => (q && typeof q === 'object' ? `${String((q as Qualification).name ?? '')}, ${String((q as Qualification).date ?? '')}` : String(q)))
    : typeof raw === 'string' ? raw.split(/\r?\n/) : raw === undefined || raw === null ? [] : null;
  if (!lines || lines.length > 30 || lines.some((l) => l.length > 200)) {
    ctx.addIssue({ code: 'custom', message: 'List up to 30 qualifications, one per line, each under 200 characters' });
    return z.NEVER;
  }
  const out: Qualification[] = [];
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    const m = qualificationLine.exec(line.trim());
    const year = Number(m?.[2]);
    const month = Number(m?.[3]);
    if (!m || year < 1940 || year > 2099 || month < 1 || month > 12) {
      ctx.addIssue({ code: 'custom', message: `Line ${i + 1} ("${line.trim().slice(0, 60)}") should be the qualification, a comma, then the year and month gained, like "Care Certificate, 2023-05"` });
      return z.NEVER;
    }
    out.push({ name: (m[1] as string).trim(), date: `${m[2]}-${m[3]}` });
  }
  return out;
});

/** Pounds and pence as typed ("16.50", "£16"), kept as whole pence. */
export const poundsField = (label: string) =>
  z.union([z.string(), z.number()], { error: `${label} must be an amount in pounds, like 16.50` }).optional().transform((raw, ctx) => {
    const text = String(raw ?? '').trim().replace(/^£/, '');
    if (text === '') return null;
    if (!/^\d{1,4}(\.\d{1,2})?$/.test(text)) {
      ctx.addIssue({ code: 'custom', message: `${label} must be an amount in pounds, like 16.50` });
      return z.NEVER;
    }
    const [whole, part = ''] = text.split('.');
    return Number(whole) * 100 + Number(part.padEnd(2, '0'));
  });

const text = (label: string, max: number, required = false) => {
  const base = z.string({ error: `${label} must be text` }).trim().max(max, `${label} must be ${max} characters or fewer`);
  return required ? base.min(1, `${label} is needed`) : base.optional().transform((v) => v ?? '');
};

export const profileInput = z
  .object({
    aboutMe: text('About me', 2000, true),
    postcode: postcodeField('Enter your postcode, or its first part, like HX1'),
    travelMiles: z.coerce.number({ error: 'Enter how many miles you will travel' }).int('Enter whole miles').min(0, 'Enter 0 or more miles').max(100, 'We match within 100 miles at most'),
    driver: yesNo('Say whether you drive'),
    givesAs: z.enum(['paid', 'volunteer'], { error: 'Say whether you give support as paid work or as a volunteer' }),
    supportOffered: choiceList(supportOptions.map((o) => o.value), 'Choose the support you offer from the list'),
    hourlyRate: poundsField('Hourly rate'),
    experience: text('Experience', 4000),
    expertise: choiceList(expertiseOptions.map((o) => o.value), 'Choose your expertise from the list'),
    qualifications: qualificationList,
    languages: languageList,
    availability: choiceList(slots, 'Choose times from the grid'),
    openToNewTeams: yesNo('Say whether you are open to new teams'),
  })
  .superRefine((v, ctx) => {
    if (v.givesAs === 'volunteer' && v.supportOffered.some((s) => regulatedSupport.includes(s))) {
      ctx.addIssue({ code: 'custom', path: ['supportOffered'], message: 'Volunteers do not give personal care or medication support: untick those, or choose paid' });
    }
    if (v.givesAs === 'volunteer' && v.hourlyRate !== null) {
      ctx.addIssue({ code: 'custom', path: ['hourlyRate'], message: 'Volunteers are not paid: leave the hourly rate empty, or choose paid' });
    }
  });
export type ProfileInput = z.infer<typeof profileInput>;

const optionalNumber = (message: string, max: number) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.coerce.number({ error: message }).min(0, message).max(max, message).optional());

/** The search form; every filter is optional except where to look from. */
export const searchInput = z.object({
  postcode: postcodeField('Enter the postcode to search from'),
  miles: optionalNumber('Enter a distance between 0 and 100 miles', 100).transform((v) => v ?? 10),
  skills: choiceList(skillValues, 'Choose skills from the list'),
  languages: languageList,
  day: z.enum(['', ...days.map((d) => d.value)], { error: 'Choose a day from the list' }).optional().transform((v) => v || null),
  part: z.enum(['', ...dayParts.map((p) => p.value)], { error: 'Choose a part of the day from the list' }).optional().transform((v) => v || null),
  maxRate: poundsField('Highest hourly rate'),
  open: z.union([z.literal('1'), z.literal(''), z.boolean()]).optional().transform((v) => v === '1' || v === true),
  team: z.union([z.uuid('Choose a team'), z.literal('')]).optional().transform((v) => v || null),
});
export type SearchInput = z.infer<typeof searchInput>;
