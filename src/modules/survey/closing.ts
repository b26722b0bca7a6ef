import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db.ts';
import { NotFound } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { registerJob } from '../../platform/jobs.ts';
import { notify } from '../../platform/notify.ts';
import { circleMembership } from '../circles/queries.ts';
import { agendaItems, meetings } from '../circles/meetings/schema.ts';
import { rulesNow } from './rules.ts';
import { surveyInvitations, surveyResponses, surveyRounds } from './schema.ts';

type Round = typeof surveyRounds.$inferSelect;

export async function lockRound(tx: Tx, roundId: unknown): Promise<Round> {
  if (!isUuid(roundId)) throw new NotFound('That survey round was not found.');
  const [round] = await tx.select().from(surveyRounds).where(eq(surveyRounds.id, roundId)).for('update');
  if (!round) throw new NotFound('That survey round was not found.');
  return round;
}

/** The results as an item on the circle's next scheduled meeting, if it has one; its id. */
export async function agendaForResults(tx: Tx, now: Date, round: Round): Promise<string | null> {
  const [meeting] = await tx
    .select({ id: meetings.id })
    .from(meetings)
    .where(and(eq(meetings.circleId, round.circleId), eq(meetings.state, 'scheduled'), gt(meetings.startsAt, now)))
    .orderBy(asc(meetings.startsAt))
    .limit(1);
  if (!meeting) return null;
  await tx.insert(agendaItems).values({
    id: newId(), meetingId: meeting.id, kind: 'report', reference: round.id, createdAt: now,
    title: `Social climate survey results: ${round.title}`,
    notes: `Read the results at /survey/rounds/${round.id}/results and decide what to do: a proposal from there records the decision in the logbook with its review date.`,
  });
  await tx.update(surveyRounds).set({ agendaMeetingId: meeting.id }).where(eq(surveyRounds.id, round.id));
  return meeting.id;
}

/**
 * Close the round (its last day has passed, or the circle closes it early): the results go on
 * the circle's next meeting and its members are told. Every answer and "has answered" row of
 * the round is written again here, in this one transaction, so the database's own record of
 * which transaction wrote a row (PostgreSQL's xmin) no longer ties an answer to the moment a
 * person answered (ADR 0026).
 */
export async function closeRoundNow(tx: Tx, now: Date, round: Round): Promise<void> {
  // The rules its results are read with, for good: a later change of the settings leaves them be (ADR 0030).
  const rules = await rulesNow(tx);
  await tx.update(surveyRounds).set({ state: 'closed', closedAt: now, ...rules }).where(eq(surveyRounds.id, round.id));
  await tx.update(surveyResponses).set({ circleId: sql`${surveyResponses.circleId}` }).where(eq(surveyResponses.roundId, round.id));
  await tx.update(surveyInvitations).set({ answered: sql`${surveyInvitations.answered}` }).where(eq(surveyInvitations.roundId, round.id));
  const meetingId = await agendaForResults(tx, now, round);
  const members = (await circleMembership(tx, round.circleId, now)).map((m) => m.personId);
  await notify(tx, now, members, {
    text: meetingId ? `The results of the survey “${round.title}” are ready, and on your circle’s next meeting` : `The results of the survey “${round.title}” are ready: schedule a meeting to talk them through`,
    href: `/survey/rounds/${round.id}/results`,
  });
}

registerJob('survey.close', async ({ tx, now }, payload) => {
  const [round] = isUuid(payload.roundId) ? await tx.select().from(surveyRounds).where(eq(surveyRounds.id, payload.roundId)).for('update') : [];
  if (round?.state === 'open' && round.closesAt <= now) await closeRoundNow(tx, now, round);
});

registerJob('survey.opened', async ({ tx, now }, payload) => {
  const [round] = isUuid(payload.roundId) ? await tx.select().from(surveyRounds).where(eq(surveyRounds.id, payload.roundId)) : [];
  if (round?.state !== 'open') return;
  const waiting = await tx.select({ personId: surveyInvitations.personId }).from(surveyInvitations).where(and(eq(surveyInvitations.roundId, round.id), eq(surveyInvitations.answered, false)));
  await notify(tx, now, waiting.map((w) => w.personId), { text: `A short survey is open for you: “${round.title}”. Your answers are anonymous.`, href: `/survey/rounds/${round.id}` });
});
