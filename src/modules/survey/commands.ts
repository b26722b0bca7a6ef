import { and, eq, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../platform/authz.ts';
import type { Ctx } from '../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../platform/errors.ts';
import { DAY } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { enqueue } from '../../platform/jobs.ts';
import { parseInput } from '../../platform/validate.ts';
import { addDays, zonedToUtc } from '../../platform/zoned-time.ts';
import { circleMembership, getCircle } from '../circles/queries.ts';
import { useOnce } from '../decisions/mandates/use.ts';
import { peopleAsked } from './audience.ts';
import { type SurveyRoundParams, surveyRoundProblems } from './mandate.ts';
import { runsSurveys } from './policy.ts';
import { stakeholderGroups, surveyDomains, surveyInvitations, surveyRounds, surveyStatementSets, surveyStatements } from './schema.ts';
import { STANDARD_SET_ID, ensureStandardSet, statementsOf } from './standard-set.ts';
import { agendaForResults, closeRoundNow, lockRound } from './closing.ts';
import { enqueueLateSweep } from './late.ts';

async function mustRun(ctx: Ctx, circleId: string, what: string) {
  const actor = requireActor(ctx.actor);
  const circle = await getCircle(ctx.tx, circleId);
  if (!circle) throw new NotFound('That circle was not found.');
  if (!runsSurveys(actor, await circleMembership(ctx.tx, circle.id, ctx.now))) throw new NotAllowed(`Only ${circle.name}'s full participants ${what}.`);
  return { actor, circle };
}

/** When a round opens and closes: from the start of its first day to the end of its last, on the co-op's clock. */
export const roundTimes = (p: Pick<SurveyRoundParams, 'opensOn' | 'closesOn'>) => ({ opensAt: zonedToUtc(p.opensOn, '00:00'), closesAt: zonedToUtc(addDays(p.closesOn, 1), '00:00') });

/**
 * Open a survey round: a full participant of the circle cites the circle's adopted decision
 * whose mandate says "run a survey round". The round is exactly what the decision states
 * (statements, who is asked, dates), and uses the decision up: one decision, one round.
 */
export async function openRound(ctx: Ctx, raw: Record<string, unknown>): Promise<{ roundId: string }> {
  const { actor, circle } = await mustRun(ctx, String(raw.circleId ?? ''), 'open a survey round, on the circle’s decision');
  const roundId = newId();
  const { effect, entry } = await useOnce(ctx, { field: 'decisionId', decisionId: raw.decisionId, circleId: circle.id, kind: 'run_survey_round', act: 'authorises a survey round' }, () => true, { roundId });
  const p = effect.params as SurveyRoundParams;
  const { opensAt, closesAt } = roundTimes(p);
  if (closesAt <= ctx.now) throw new Invalid({ decisionId: `“${entry.title}” authorised a round closing on ${p.closesOn}, which has passed: the circle needs a new decision` });
  const problem = Object.values(await surveyRoundProblems(ctx.tx, circle.id, p))[0];
  if (problem) throw new Invalid({ decisionId: `“${entry.title}” can no longer be used: ${problem}` });
  await ctx.tx.insert(surveyRounds).values({
    id: roundId, circleId: circle.id, title: p.title, logbookEntryId: entry.id, effectId: effect.id, setId: p.setId,
    audienceCircleId: p.audienceCircleId, opensAt, closesAt, openedBy: actor.personId, createdAt: ctx.now,
  });
  const asked = await peopleAsked(ctx.tx, p.audienceCircleId);
  for (let i = 0; i < asked.length; i += 1000) {
    await ctx.tx.insert(surveyInvitations).values(asked.slice(i, i + 1000).map((personId) => ({ roundId, personId })));
  }
  await enqueue(ctx.tx, { kind: 'survey.opened', payload: { roundId }, runAt: opensAt > ctx.now ? opensAt : ctx.now, dedupeKey: `survey-opened:${roundId}` });
  await enqueue(ctx.tx, { kind: 'survey.close', payload: { roundId }, runAt: closesAt, dedupeKey: `survey-close:${roundId}` });
  // People who join its teams and circles later are asked as they join (late.ts); a daily sweep catches any other way in.
  const firstSweep = new Date(Math.max(opensAt.getTime(), ctx.now.getTime()) + DAY);
  if (firstSweep < closesAt) await enqueueLateSweep(ctx.tx, roundId, firstSweep);
  await ctx.emit({ type: 'survey.round-opened', subjectType: 'survey_round', subjectId: roundId, data: { decisionId: entry.id, asked: asked.length } });
  return { roundId };
}

/** Close a round before its last day: the circle's full participants, while it is open. */
export async function closeRound(ctx: Ctx, raw: Record<string, unknown>): Promise<void> {
  const round = await lockRound(ctx.tx, raw.roundId);
  await mustRun(ctx, round.circleId, 'close its survey round');
  if (round.state !== 'open') throw new Conflict('This round is closed already.');
  await closeRoundNow(ctx.tx, ctx.now, round);
  await ctx.emit({ type: 'survey.round-closed', subjectType: 'survey_round', subjectId: round.id });
}

const statementInput = z.object({
  baseSetId: z.uuid({ error: 'Choose the set to add to' }),
  stakeholderGroup: z.enum(stakeholderGroups, { error: 'Choose who the statement is for' }),
  domain: z.enum(surveyDomains, { error: 'Choose the domain' }),
  text: z.string({ error: 'Write the statement' }).trim().min(5, 'Write the statement, as a sentence a person can agree with').max(300, 'Keep it to 300 characters or fewer'),
});

/**
 * A circle adds a statement of its own: a new version of the circle's set, copying the set it
 * builds on (the standard one, or its own latest), so rounds that cited earlier versions keep
 * theirs. The round's decision later names the version it consents to.
 */
export async function addStatement(ctx: Ctx, raw: Record<string, unknown>): Promise<{ setId: string; version: number }> {
  const { actor, circle } = await mustRun(ctx, String(raw.circleId ?? ''), 'add statements to its survey');
  const v = parseInput(statementInput, raw);
  if (v.baseSetId === STANDARD_SET_ID) await ensureStandardSet(ctx.tx);
  const [base] = await ctx.tx.select().from(surveyStatementSets).where(eq(surveyStatementSets.id, v.baseSetId));
  if (!base || (base.circleId !== null && base.circleId !== circle.id)) throw new Invalid({ baseSetId: 'Choose the standard statements or one of this circle’s own sets' });
  const name = `${circle.name}: social climate survey`;
  // Versions of one circle's set are numbered in turn; the lock keeps two additions from taking one number.
  await ctx.tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`survey-set:${circle.id}`}))`);
  const [last] = await ctx.tx.select({ v: max(surveyStatementSets.version) }).from(surveyStatementSets).where(and(eq(surveyStatementSets.circleId, circle.id), eq(surveyStatementSets.name, name)));
  const version = (last?.v ?? 0) + 1;
  const setId = newId();
  const previous = await statementsOf(ctx.tx, base.id);
  if (previous.length >= 60) throw new Invalid({ text: 'A set has at most 60 statements: people answer on a phone' });
  await ctx.tx.insert(surveyStatementSets).values({ id: setId, circleId: circle.id, name, version, basedOn: base.id, createdBy: actor.personId, createdAt: ctx.now });
  const rows = [...previous.map((s) => ({ stakeholderGroup: s.stakeholderGroup, domain: s.domain, text: s.text })), { stakeholderGroup: v.stakeholderGroup, domain: v.domain, text: v.text }];
  await ctx.tx.insert(surveyStatements).values(rows.map((r, i) => ({ id: newId(), setId, position: i + 1, ...r })));
  await ctx.emit({ type: 'survey.statement-added', subjectType: 'circle', subjectId: circle.id, data: { setId, version } });
  return { setId, version };
}

/** Put a closed round's results on the circle's next meeting, when none was scheduled as it closed. */
export async function putResultsOnAgenda(ctx: Ctx, raw: Record<string, unknown>): Promise<{ meetingId: string }> {
  const round = await lockRound(ctx.tx, raw.roundId);
  await mustRun(ctx, round.circleId, 'put its survey results on a meeting’s agenda');
  if (round.state !== 'closed') throw new Conflict('The results go on the agenda once the round has closed.');
  if (round.agendaMeetingId) throw new Conflict('The results are on a meeting’s agenda already.');
  const meetingId = await agendaForResults(ctx.tx, ctx.now, round);
  if (!meetingId) throw new Conflict('The circle has no meeting scheduled: schedule its next meeting first.');
  await ctx.emit({ type: 'survey.on-agenda', subjectType: 'survey_round', subjectId: round.id, data: { meetingId } });
  return { meetingId };
}

