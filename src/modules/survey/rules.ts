import { z } from 'zod';
import type { Db } from '../../platform/db.ts';
import { getSetting, settingsOf } from '../membership/settings.ts';
import type { surveyRounds } from './schema.ts';
import { MIN_GROUP } from './words.ts';

/**
 * The survey's rules that are the co-op's to set (ADR 0030): the fewest answers a group may have
 * to be shown on its own (never under five: issue 22's rule) and the level cut-offs on the 1 to
 * 5 scale (an average under `lowBelow` is low, from `highFrom` is high).
 */
export interface SurveyRules {
  minGroup: number;
  lowBelow: number;
  highFrom: number;
}

/** What rounds closed before the settings existed were read with (ADR 0026): five, and the scale in thirds. */
export const FIXED_RULES: SurveyRules = { minGroup: MIN_GROUP, lowBelow: 7 / 3, highFrom: 11 / 3 };

const cutOff = z.coerce
  .number({ error: 'Enter a number from 1 to 5, like 2.33' })
  .min(1, 'Enter a number from 1 to 5 (the answer scale)')
  .max(5, 'Enter a number from 1 to 5 (the answer scale)')
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'Use at most two decimals, like 2.33');

/** Each survey setting's value as typed, checked and converted (settingValues includes these). */
export const surveySettingValues = {
  surveyMinGroup: z.coerce
    .number({ error: 'Enter a number of answers' })
    .int('Enter a whole number of answers')
    .min(MIN_GROUP, `Enter ${MIN_GROUP} or more: a group of fewer than ${MIN_GROUP} answers is never shown`)
    .max(100, 'Enter at most 100'),
  surveyLowBelow: cutOff,
  surveyHighFrom: cutOff,
} as const;

/**
 * A survey setting's new value against the other one in force: the cut-offs stay in order (low
 * under high), so every average is low, medium or high. A message for the value's field, or null.
 */
export async function surveySettingClash(db: Db, key: string, value: unknown): Promise<string | null> {
  if (key === 'surveyLowBelow') {
    const high = await getSetting(db, 'surveyHighFrom');
    return Number(value) < high ? null : `The low cut-off must be below the high one (now ${high})`;
  }
  if (key === 'surveyHighFrom') {
    const low = await getSetting(db, 'surveyLowBelow');
    return Number(value) > low ? null : `The high cut-off must be above the low one (now ${low})`;
  }
  return null;
}

/** The rules in force now: what a round records as it closes. */
export async function rulesNow(db: Db): Promise<SurveyRules> {
  const s = await settingsOf(db, ['surveyMinGroup', 'surveyLowBelow', 'surveyHighFrom']);
  return { minGroup: s.surveyMinGroup, lowBelow: s.surveyLowBelow, highFrom: s.surveyHighFrom };
}

/** The rules a closed round's results are read with: those it recorded as it closed. */
export function rulesOf(round: typeof surveyRounds.$inferSelect): SurveyRules {
  return {
    minGroup: Math.max(MIN_GROUP, round.minGroup ?? FIXED_RULES.minGroup),
    lowBelow: round.lowBelow ?? FIXED_RULES.lowBelow,
    highFrom: round.highFrom ?? FIXED_RULES.highFrom,
  };
}

/** "five" for the five, digits otherwise: for sentences about the smallest group shown. */
export const fewest = (n: number): string => (n === 5 ? 'five' : String(n));
