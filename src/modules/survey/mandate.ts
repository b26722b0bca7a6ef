import { and, asc, eq, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../platform/db.ts';
import { isDay } from '../../platform/zoned-time.ts';
import { circles } from '../circles/schema.ts';
import { surveyStatementSets } from './schema.ts';
import { STANDARD_SET_ID, ensureStandardSet } from './standard-set.ts';

// The mandate effect "run a survey round" (decisions/mandates/kinds.ts names it): what the
// circle consents to, all of it, so the round opened on it can be nothing else.

const day = (message: string) => z.string({ error: message }).trim().refine(isDay, message);

export const surveyRoundParams = z
  .object({
    title: z.string({ error: 'Give the round a name' }).trim().min(1, 'Give the round a name').max(120, 'The name must be 120 characters or fewer'),
    setId: z.uuid({ error: 'Choose the statement set' }),
    /** Empty: everyone in the co-op; otherwise one Local Circle's people, its teams' included. */
    audienceCircleId: z
      .union([z.literal(''), z.uuid({ error: 'Choose who is asked' })], { error: 'Choose who is asked' })
      .optional()
      .transform((v) => v || null),
    opensOn: day('Enter the day it opens, like 2027-03-01'),
    closesOn: day('Enter the day it closes, like 2027-03-21'),
  })
  .refine((v) => !isDay(v.opensOn) || !isDay(v.closesOn) || v.closesOn >= v.opensOn, { path: ['closesOn'], message: 'It must close on or after the day it opens' });
export type SurveyRoundParams = z.output<typeof surveyRoundParams>;

/** Whether this circle may run such a round: a set it may use, an audience that is a circle (not a team). */
export async function surveyRoundProblems(tx: Tx, circleId: string, p: SurveyRoundParams): Promise<Record<string, string>> {
  if (p.setId === STANDARD_SET_ID) await ensureStandardSet(tx);
  const [set] = await tx.select().from(surveyStatementSets).where(eq(surveyStatementSets.id, p.setId));
  if (!set || (set.circleId !== null && set.circleId !== circleId)) return { setId: 'Choose the standard statements or one of this circle’s own sets' };
  if (p.audienceCircleId) {
    const [c] = await tx.select({ kind: circles.kind }).from(circles).where(eq(circles.id, p.audienceCircleId));
    if (!c || c.kind !== 'circle') return { audienceCircleId: 'Choose a circle (a Local Circle), or everyone in the co-op' };
  }
  return {};
}

/** The effect's terms in words, for the mandate section of a proposal or decision. */
export async function surveyRoundTerms(db: Db, p: SurveyRoundParams): Promise<string[]> {
  const [set] = await db.select().from(surveyStatementSets).where(eq(surveyStatementSets.id, p.setId));
  const [audience] = p.audienceCircleId ? await db.select({ name: circles.name }).from(circles).where(eq(circles.id, p.audienceCircleId)) : [];
  return [
    `Round: ${p.title}`,
    `Statements: ${set ? `${set.name}, version ${set.version}` : 'a set that no longer exists'}`,
    `Asked: ${p.audienceCircleId ? `the people of ${audience?.name ?? 'a circle that no longer exists'} and its teams` : 'everyone in the co-op'}`,
    `Open from ${p.opensOn} to ${p.closesOn} (both days included)`,
  ];
}

/** Choices for the effect form: the statement sets this circle may use, and the circles that may be asked. */
export async function surveyRoundChoices(db: Db, circleId: string) {
  const sets = await db
    .select({ value: surveyStatementSets.id, name: surveyStatementSets.name, version: surveyStatementSets.version })
    .from(surveyStatementSets)
    .where(or(eq(surveyStatementSets.id, STANDARD_SET_ID), eq(surveyStatementSets.circleId, circleId)))
    .orderBy(asc(surveyStatementSets.name), asc(surveyStatementSets.version));
  const places = await db.select({ value: circles.id, label: circles.name }).from(circles).where(and(eq(circles.kind, 'circle'), isNull(circles.ownerId))).orderBy(asc(circles.name)).limit(200);
  const standard = sets.some((s) => s.value === STANDARD_SET_ID) ? [] : [{ value: STANDARD_SET_ID, label: 'Social climate survey (version 1)' }];
  return { sets: [...standard, ...sets.map((s) => ({ value: s.value, label: `${s.name} (version ${s.version})` }))], places };
}
