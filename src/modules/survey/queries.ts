import { and, asc, desc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { logbookEntries } from '../circles/schema.ts';
import { mandateEffects } from '../decisions/mandates/schema.ts';
import { surveyInvitations, surveyRounds, surveyStatementSets } from './schema.ts';
import { STANDARD_SET_ID } from './standard-set.ts';

/**
 * The survey rounds open for this person now that they have not answered yet, newest first:
 * what their home page and notifications link to (`/survey/rounds/:id`).
 */
export async function surveysOpenFor(db: Db, personId: string, now: Date): Promise<{ id: string; title: string; opensAt: Date; closesAt: Date; href: string }[]> {
  const rows = await db
    .select({ id: surveyRounds.id, title: surveyRounds.title, opensAt: surveyRounds.opensAt, closesAt: surveyRounds.closesAt })
    .from(surveyInvitations)
    .innerJoin(surveyRounds, eq(surveyRounds.id, surveyInvitations.roundId))
    .where(and(eq(surveyInvitations.personId, personId), eq(surveyInvitations.answered, false), eq(surveyRounds.state, 'open'), lte(surveyRounds.opensAt, now), gt(surveyRounds.closesAt, now)))
    .orderBy(desc(surveyRounds.opensAt))
    .limit(10);
  return rows.map((r) => ({ ...r, href: `/survey/rounds/${r.id}` }));
}

export const roundsOfCircle = (db: Db, circleId: string) =>
  db.select().from(surveyRounds).where(eq(surveyRounds.circleId, circleId)).orderBy(desc(surveyRounds.opensAt)).limit(50);

export async function getRound(db: Db, roundId: string) {
  const [round] = await db.select().from(surveyRounds).where(eq(surveyRounds.id, roundId));
  return round ?? null;
}

/** How many were asked and how many have answered: counts only, never who. */
export async function roundCounts(db: Db, roundId: string): Promise<{ asked: number; answered: number }> {
  const [row] = await db
    .select({ asked: sql<number>`count(*)::int`, answered: sql<number>`count(*) filter (where ${surveyInvitations.answered})::int` })
    .from(surveyInvitations)
    .where(eq(surveyInvitations.roundId, roundId));
  return { asked: row?.asked ?? 0, answered: row?.answered ?? 0 };
}

/** The circle's adopted decisions that still authorise a survey round (for the open-a-round form). */
export async function surveyDecisions(db: Db, circleId: string) {
  return db
    .select({ entryId: logbookEntries.id, title: logbookEntries.title, params: mandateEffects.params })
    .from(mandateEffects)
    .innerJoin(logbookEntries, eq(logbookEntries.id, mandateEffects.logbookEntryId))
    .where(and(eq(mandateEffects.circleId, circleId), eq(mandateEffects.kind, 'run_survey_round'), eq(mandateEffects.status, 'available'), sql`${logbookEntries.state} IN ('in_force', 'review_due')`))
    .orderBy(desc(logbookEntries.adoptedAt))
    .limit(20);
}

/** The statement sets a circle may use: the standard one and its own versions. */
export async function setsFor(db: Db, circleId: string) {
  const own = await db.select().from(surveyStatementSets).where(eq(surveyStatementSets.circleId, circleId)).orderBy(asc(surveyStatementSets.version));
  return { standardId: STANDARD_SET_ID, own };
}
