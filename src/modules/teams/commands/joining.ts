import { and, desc, eq, inArray } from 'drizzle-orm';
import { DAY } from '../../../platform/clock.ts';
import { z } from 'zod';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { circleMembers } from '../../circles/schema.ts';
import { getSetting } from '../../membership/settings.ts';
import { people } from '../../people/schema.ts';
import { type JoinStep, assertJoinStep } from '../machine.ts';
import { canWelcome, isOwnerSide, teamFacts } from '../policy.ts';
import { supporterKinds, teamJoins } from '../schema.ts';

const message = z.string().trim().max(2000, 'The message must be 2000 characters or fewer').optional().transform((m) => m || null);
const kind = z.enum(supporterKinds, { error: 'Choose how they would support the team' });

export const inviteInput = z.object({
  personId: z.uuid('Choose who to invite'),
  supporterKind: kind,
  message,
});
export const requestInput = z.object({ supporterKind: kind, message });
export const decideInput = z.object({
  step: z.enum(['accept', 'decline', 'approve', 'refuse', 'withdraw', 'join', 'not-continue'], { error: 'Choose what to do' }),
  trialSessions: z.coerce.number({ error: 'Enter the number of trial sessions' }).int('Enter a whole number').min(1, 'A trial is 1 to 3 sessions').max(3, 'A trial is 1 to 3 sessions').optional(),
  debrief: z.string().trim().max(4000, 'The debrief must be 4000 characters or fewer').optional().transform((d) => d || null),
});

async function openJoin(ctx: Ctx, teamId: string, personId: string) {
  const [open] = await ctx.tx
    .select({ id: teamJoins.id })
    .from(teamJoins)
    .where(and(eq(teamJoins.teamId, teamId), eq(teamJoins.personId, personId), inArray(teamJoins.state, ['invited', 'requested', 'trial'])));
  return open;
}

/** The owner's side (or the membership hat) invites someone; only they can accept. */
export async function inviteToTeam(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<{ joinId: string }> {
  const f = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  if (!canWelcome(ctx.actor, f)) throw new NotAllowed('Only the team owner, their advocate or the team\'s membership hat can invite.');
  const v = parseInput(inviteInput, raw);
  const [person] = await ctx.tx.select({ id: people.id, name: people.name }).from(people).where(eq(people.id, v.personId));
  if (!person) throw new Invalid({ personId: 'That person does not exist' });
  if (f.memberIds.includes(v.personId) || v.personId === f.team.ownerId) throw new Invalid({ personId: `${person.name} is already in the team` });
  if (await openJoin(ctx, f.team.id, v.personId)) throw new Invalid({ personId: `${person.name} already has an open invitation or request` });
  const joinId = newId();
  await ctx.tx.insert(teamJoins).values({ id: joinId, teamId: f.team.id, personId: v.personId, route: 'invite', state: 'invited', supporterKind: v.supporterKind, message: v.message, startedBy: (ctx.actor as { personId: string }).personId, createdAt: ctx.now, updatedAt: ctx.now });
  await ctx.emit({ type: 'team.invited', subjectType: 'team-join', subjectId: joinId, data: { teamId: f.team.id, personId: v.personId } });
  await notify(ctx.tx, ctx.now, [v.personId], { text: `You are invited to join ${f.team.name}`, href: `/teams/${f.team.id}/joins/${joinId}` });
  return { joinId };
}

/**
 * Someone whose request was not taken up asks again only after a cooling-off period (a co-op
 * setting, ours 30 days), so the owner's side is not asked, and told, again and again.
 */
async function assertCooledOff(ctx: Ctx, teamId: string, personId: string): Promise<void> {
  const days = Number(await getSetting(ctx.tx, 'joinRequestCoolingOffDays'));
  if (!(days > 0)) return;
  const [last] = await ctx.tx
    .select({ at: teamJoins.updatedAt })
    .from(teamJoins)
    .where(and(eq(teamJoins.teamId, teamId), eq(teamJoins.personId, personId), eq(teamJoins.state, 'refused')))
    .orderBy(desc(teamJoins.updatedAt))
    .limit(1);
  if (!last) return;
  const again = new Date(last.at.getTime() + days * DAY);
  if (ctx.now < again) throw new Conflict(`Your last request to join this team was not taken up. You can ask again from ${again.toISOString().slice(0, 10)}.`);
}

/** A supporter asks to join; the owner's side decides. */
export async function requestToJoin(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<{ joinId: string }> {
  if (!ctx.actor) throw new NotAllowed();
  const f = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  const v = parseInput(requestInput, raw);
  const me = ctx.actor.personId;
  if (f.memberIds.includes(me) || isOwnerSide(ctx.actor, f)) throw new Conflict('You are already in this team.');
  if (await openJoin(ctx, f.team.id, me)) throw new Conflict('You already have an open invitation or request for this team.');
  await assertCooledOff(ctx, f.team.id, me);
  const joinId = newId();
  await ctx.tx.insert(teamJoins).values({ id: joinId, teamId: f.team.id, personId: me, route: 'request', state: 'requested', supporterKind: v.supporterKind, message: v.message, startedBy: me, createdAt: ctx.now, updatedAt: ctx.now });
  await ctx.emit({ type: 'team.join-requested', subjectType: 'team-join', subjectId: joinId, data: { teamId: f.team.id, personId: me } });
  await notify(ctx.tx, ctx.now, [f.team.ownerId, ...(f.advocateId ? [f.advocateId] : []), ...f.welcomers], { text: `${ctx.actor.name} asks to join ${f.team.name}`, href: `/teams/${f.team.id}/joins/${joinId}` });
  return { joinId };
}

/**
 * Who may take each step: the invited person answers their invitation; the owner's side
 * (owner, advocate, membership hat) answers a request, but never their own; both sides agree
 * the trial's end, so the debrief is recorded by the owner's side; the starter may withdraw.
 */
function mayTake(step: JoinStep, actorId: string, join: typeof teamJoins.$inferSelect, welcomer: boolean): boolean {
  const isSubject = actorId === join.personId;
  switch (step) {
    case 'accept':
    case 'decline':
      return isSubject;
    case 'approve':
    case 'refuse':
    case 'join':
      return welcomer && !isSubject;
    case 'not-continue':
      return (welcomer && !isSubject) || isSubject;
    case 'withdraw':
      return actorId === join.startedBy;
  }
}

export async function decideJoin(ctx: Ctx, raw: Record<string, unknown> & { joinId: string }): Promise<{ state: string }> {
  if (!ctx.actor) throw new NotAllowed();
  const v = parseInput(decideInput, raw);
  const [join] = isUuid(raw.joinId) ? await ctx.tx.select().from(teamJoins).where(eq(teamJoins.id, raw.joinId)).for('update') : [];
  if (!join) throw new NotFound('That invitation or request was not found.');
  const f = await teamFacts(ctx.tx, join.teamId, ctx.now);
  const actorId = ctx.actor.personId;
  if (actorId !== join.personId && !canWelcome(ctx.actor, f) && actorId !== join.startedBy) throw new NotFound('That invitation or request was not found.');
  if (!mayTake(v.step, actorId, join, canWelcome(ctx.actor, f))) {
    throw new NotAllowed(v.step === 'accept' || v.step === 'decline' ? 'Only the person invited can answer this invitation.' : 'Only the team owner, their advocate or the membership hat can decide this, and never on their own request.');
  }
  const state = assertJoinStep(v.step, join.state);
  // The trial length is agreed when it starts: 2 sessions unless the decider says otherwise.
  const trialSessions = v.trialSessions ?? join.trialSessions ?? (state === 'trial' ? 2 : null);
  await ctx.tx
    .update(teamJoins)
    .set({ state, decidedBy: actorId, trialSessions, debrief: v.debrief ?? join.debrief, updatedAt: ctx.now })
    .where(eq(teamJoins.id, join.id));
  if (state === 'joined') {
    await ctx.tx.insert(circleMembers).values({ id: newId(), circleId: f.team.id, personId: join.personId, participation: 'full', joinedAt: ctx.now });
    await ctx.emit({ type: 'circle.member-joined', subjectType: 'circle', subjectId: f.team.id, data: { personId: join.personId, participation: 'full', via: 'trial' } });
  }
  await ctx.emit({ type: `team.join-${v.step}`, subjectType: 'team-join', subjectId: join.id, data: { teamId: f.team.id, personId: join.personId, state } });
  const others = [join.personId, join.startedBy, f.team.ownerId].filter((p) => p !== actorId);
  await notify(ctx.tx, ctx.now, others, { text: `${f.team.name}: ${describeState(state)}`, href: `/teams/${f.team.id}/joins/${join.id}` });
  return { state };
}

export function describeState(state: string): string {
  const words: Record<string, string> = {
    invited: 'invited, waiting for their answer',
    requested: 'asked to join, waiting for the owner',
    trial: 'agreed to a trial',
    joined: 'joined the team after the trial',
    not_continued: 'the trial ended without joining',
    declined: 'the invitation was declined',
    refused: 'the request was not accepted',
    withdrawn: 'withdrawn',
  };
  return words[state] ?? state;
}
