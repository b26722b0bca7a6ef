import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { DAY } from '../../platform/clock.ts';
import type { Tx } from '../../platform/db.ts';
import { onEvent } from '../../platform/events.ts';
import { isUuid } from '../../platform/ids.ts';
import { enqueue, registerJob } from '../../platform/jobs.ts';
import { notify } from '../../platform/notify.ts';
import { peopleAsked } from './audience.ts';
import { surveyInvitations, surveyRounds } from './schema.ts';

// Late joiners (ADR 0030): someone who joins a team or circle a round asks, while the round is
// open, is asked too. Their invitation is the same row as everyone's (round, person: the
// primary key), written once and never again, so joining, leaving and joining again cannot
// give anyone a second answer.

type Round = Pick<typeof surveyRounds.$inferSelect, 'id' | 'title' | 'opensAt'>;

/** The invitations just written, told now if their round has opened (the round's opening job tells the rest). */
async function tell(tx: Tx, now: Date, round: Round, personIds: string[]): Promise<void> {
  if (personIds.length === 0 || round.opensAt > now) return;
  await notify(tx, now, personIds, { text: `A short survey is open for you: “${round.title}”. Your answers are anonymous.`, href: `/survey/rounds/${round.id}` });
}

/**
 * A person joined a team or circle: each open round whose audience holds it (everyone, or a
 * Local Circle it is within) asks them, if it did not already. In the joining transaction.
 */
export async function askJoiner(tx: Tx, now: Date, circleId: string, personId: string): Promise<string[]> {
  const rows = await tx.execute(sql`
    WITH RECURSIVE up(id, parent_id) AS (
      SELECT id, parent_id FROM circles WHERE id = ${circleId}
      UNION SELECT c.id, c.parent_id FROM circles c JOIN up ON c.id = up.parent_id)
    INSERT INTO survey_invitations (round_id, person_id)
    SELECT r.id, ${personId}::uuid FROM survey_rounds r
    WHERE r.state = 'open' AND r.closes_at > ${now.toISOString()}::timestamptz AND (r.audience_circle_id IS NULL OR r.audience_circle_id IN (SELECT id FROM up))
    ON CONFLICT DO NOTHING
    RETURNING round_id`);
  const roundIds = (rows as unknown as { rows: { round_id: string }[] }).rows.map((r) => r.round_id);
  if (roundIds.length === 0) return [];
  for (const round of await tx.select({ id: surveyRounds.id, title: surveyRounds.title, opensAt: surveyRounds.opensAt }).from(surveyRounds).where(inArray(surveyRounds.id, roundIds))) {
    await tell(tx, now, round, [personId]);
  }
  return roundIds;
}

onEvent('circle', async (tx, _actorId, at, event) => {
  const personId = event.data?.personId;
  if (event.type === 'circle.member-joined' && isUuid(personId)) await askJoiner(tx, at, event.subjectId, personId);
});

/**
 * Everyone in the round's audience now who was not asked yet (a team's new owner, or a join by
 * a path that tells no event): asked, and told. Once a day while the round is open.
 */
export async function askLateJoiners(tx: Tx, now: Date, round: Round & { audienceCircleId: string | null }): Promise<string[]> {
  const audience = await peopleAsked(tx, round.audienceCircleId);
  const added: string[] = [];
  for (let i = 0; i < audience.length; i += 1000) {
    const rows = await tx.insert(surveyInvitations).values(audience.slice(i, i + 1000).map((personId) => ({ roundId: round.id, personId }))).onConflictDoNothing().returning({ personId: surveyInvitations.personId });
    added.push(...rows.map((r) => r.personId));
  }
  await tell(tx, now, round, added);
  return added;
}

/** The daily sweep for a round, from its first day until it closes. */
export const enqueueLateSweep = (tx: Tx, roundId: string, at: Date) =>
  enqueue(tx, { kind: 'survey.late-joiners', payload: { roundId }, runAt: at, dedupeKey: `survey-late:${roundId}:${at.toISOString()}` });

registerJob('survey.late-joiners', async ({ tx, now }, payload) => {
  const [round] = isUuid(payload.roundId) ? await tx.select().from(surveyRounds).where(and(eq(surveyRounds.id, payload.roundId), eq(surveyRounds.state, 'open'), gt(surveyRounds.closesAt, now))) : [];
  if (!round) return;
  await askLateJoiners(tx, now, round);
  const next = new Date(now.getTime() + DAY);
  if (next < round.closesAt) await enqueueLateSweep(tx, round.id, next);
});
