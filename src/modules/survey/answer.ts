import { and, eq } from 'drizzle-orm';
import { requireActor } from '../../platform/authz.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { type AnswerAs, answerChoices } from './audience.ts';
import { surveyAnswers, surveyInvitations, surveyResponses, surveyRounds } from './schema.ts';
import { statementsOf } from './standard-set.ts';

type Round = typeof surveyRounds.$inferSelect;

/** Whether the round takes answers now: open, and between its first and last day. */
export const takingAnswers = (round: Round, now: Date): boolean => round.state === 'open' && round.opensAt <= now && now < round.closesAt;

/** The person's invitation to the round, if they are asked: whether they have answered, nothing more. */
export async function invitationOf(db: Db, roundId: string, personId: string) {
  const [row] = await db.select({ answered: surveyInvitations.answered }).from(surveyInvitations).where(and(eq(surveyInvitations.roundId, roundId), eq(surveyInvitations.personId, personId)));
  return row ?? null;
}

/** What the person answers as, in the team or circle they chose (or their only one). */
export function chosenAbout(choices: AnswerAs[], about: unknown): AnswerAs | null {
  if (choices.length === 1) return choices[0] ?? null;
  return choices.find((c) => c.circleId === about) ?? null;
}

/** The statements for a group, from the round's set. */
export async function statementsFor(db: Db, setId: string, group: AnswerAs['group']) {
  return (await statementsOf(db, setId)).filter((s) => s.stakeholderGroup === group);
}

/**
 * A person answers a round, once. Each statement of their group gets a score from 1 to 5
 * (form field `s-<statement id>`) and may get a comment (`c-<statement id>`). The answers are
 * written WITHOUT the person: a response with a random id, their group and team or circle, and
 * no time. Their invitation is marked answered in the same transaction, and only if it was
 * not already, so two answers at once leave exactly one (the other is refused).
 */
export async function answerRound(ctx: Ctx, raw: Record<string, unknown>): Promise<void> {
  const actor = requireActor(ctx.actor);
  if (!isUuid(raw.roundId)) throw new NotFound('That survey round was not found.');
  const [round] = await ctx.tx.select().from(surveyRounds).where(eq(surveyRounds.id, raw.roundId));
  const invitation = round ? await invitationOf(ctx.tx, round.id, actor.personId) : null;
  if (!round || !invitation) throw new NotFound('That survey round was not found, or it does not ask you.');
  if (invitation.answered) throw new Conflict('You have answered this survey already: each person answers once.');
  if (!takingAnswers(round, ctx.now)) throw new Conflict(round.state === 'closed' || ctx.now >= round.closesAt ? 'This survey has closed.' : 'This survey is not open yet.');
  const about = chosenAbout(await answerChoices(ctx.tx, round.audienceCircleId, actor.personId), raw.about);
  if (!about) throw new Invalid({ about: 'Choose the team or circle you are answering about' });
  const statements = await statementsFor(ctx.tx, round.setId, about.group);
  const errors: Record<string, string> = {};
  const answers = statements.map((s) => {
    const score = Number(raw[`s-${s.id}`]);
    if (!Number.isInteger(score) || score < 1 || score > 5) errors[`s-${s.id}`] = 'Choose how true this is for you';
    const comment = typeof raw[`c-${s.id}`] === 'string' ? (raw[`c-${s.id}`] as string).trim() : '';
    if (comment.length > 1000) errors[`c-${s.id}`] = 'Keep your comment to 1000 characters or fewer';
    return { statementId: s.id, score, comment: comment || null };
  });
  if (Object.keys(errors).length > 0) throw new Invalid(errors);
  const marked = await ctx.tx
    .update(surveyInvitations)
    .set({ answered: true })
    .where(and(eq(surveyInvitations.roundId, round.id), eq(surveyInvitations.personId, actor.personId), eq(surveyInvitations.answered, false)))
    .returning({ roundId: surveyInvitations.roundId });
  if (marked.length === 0) throw new Conflict('You have answered this survey already: each person answers once.');
  const responseId = newId();
  await ctx.tx.insert(surveyResponses).values({ id: responseId, roundId: round.id, stakeholderGroup: about.group, circleId: about.circleId });
  if (answers.length > 0) await ctx.tx.insert(surveyAnswers).values(answers.map((a) => ({ responseId, ...a })));
  // The event says only that someone answered this round: never which response is theirs.
  await ctx.emit({ type: 'survey.answered', subjectType: 'survey_round', subjectId: round.id });
}
