import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { isOwnerSide, teamFacts } from '../../teams/policy.ts';
import { type CallOutStep, assertCallOutStep } from '../machine.ts';
import { milesBetween, postcodeField } from '../places.ts';
import { mayFindForTeam } from '../policy.ts';
import { profileOf } from '../queries.ts';
import { callOutInterests, callOuts } from '../schema.ts';
import { choiceList, skillValues } from '../validation.ts';

export const callOutInput = z.object({
  text: z.string({ error: 'Write the opportunity summary' }).trim().min(1, 'Write the opportunity summary').max(2000, 'The summary must be 2000 characters or fewer'),
  postcode: postcodeField('Enter the area, like HX3, or a full postcode (only the first part is shown)'),
  skillsWanted: choiceList(skillValues, 'Choose the skills wanted from the list'),
});
export const callOutStepInput = z.object({ step: z.enum(['consent', 'open', 'close'], { error: 'Choose consent, open or close' }) });
export const interestInput = z.object({ message: z.string({ error: 'A message must be text' }).trim().max(1000, 'The message must be 1000 characters or fewer').optional().transform((v) => v ?? '') });

/** A Team Starter, Coach or the owner's side drafts a call-out; nobody outside the team sees it yet. */
export async function draftCallOut(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<{ callOutId: string }> {
  const actor = requireActor(ctx.actor);
  const facts = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  if (!(await mayFindForTeam(ctx.tx, actor, facts, ctx.now))) throw new NotAllowed("Only the team's owner, their advocate, or a Team Starter or Coach drafts its call-outs.");
  const v = parseInput(callOutInput, raw);
  const callOutId = newId();
  // Only the district is kept: a call-out must never give away where the person lives.
  const { district, lat, lng } = v.postcode;
  await ctx.tx.insert(callOuts).values({ id: callOutId, teamId: facts.team.id, text: v.text, postcode: district, district, lat, lng, skillsWanted: v.skillsWanted, state: 'draft', draftedBy: actor.personId, createdAt: ctx.now, updatedAt: ctx.now });
  const others = [facts.team.ownerId, facts.advocateId].filter((id): id is string => !!id && id !== actor.personId);
  await notify(ctx.tx, ctx.now, others, { text: `A call-out for ${facts.team.name} is waiting for your consent`, href: `/matching/teams/${facts.team.id}` });
  await ctx.emit({ type: 'call-out.drafted', subjectType: 'team', subjectId: facts.team.id, data: { callOutId } });
  return { callOutId };
}

/**
 * Consent is the owner's (or their advocate's) alone; opening and closing are for whoever may
 * find supporters for the team. A call-out opens only after consent.
 */
export async function moveCallOut(ctx: Ctx, raw: Record<string, unknown> & { callOutId: string }): Promise<{ state: string }> {
  const actor = requireActor(ctx.actor);
  const { step } = parseInput(callOutStepInput, raw) as { step: CallOutStep };
  if (!isUuid(raw.callOutId)) throw new NotFound('That call-out was not found.');
  const [c] = await ctx.tx.select().from(callOuts).where(eq(callOuts.id, raw.callOutId)).for('update');
  if (!c) throw new NotFound('That call-out was not found.');
  const facts = await teamFacts(ctx.tx, c.teamId, ctx.now);
  if (step === 'consent' ? !isOwnerSide(actor, facts) : !(await mayFindForTeam(ctx.tx, actor, facts, ctx.now))) {
    throw new NotAllowed(step === 'consent' ? 'Only the team owner, or their advocate, can consent to a call-out.' : 'Only the people finding supporters for this team can do that.');
  }
  const state = assertCallOutStep(step, c.state);
  const consent = step === 'consent' ? { consentedBy: actor.personId, consentedAt: ctx.now } : {};
  await ctx.tx.update(callOuts).set({ state, updatedAt: ctx.now, ...consent }).where(eq(callOuts.id, c.id));
  await ctx.emit({ type: `call-out.${step === 'consent' ? 'consented' : step === 'open' ? 'opened' : 'closed'}`, subjectType: 'team', subjectId: facts.team.id, data: { callOutId: c.id } });
  return { state };
}

/** "I'm interested": a supporter open to new teams, within their own travel distance, answers once. */
export async function registerInterest(ctx: Ctx, raw: Record<string, unknown> & { callOutId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  const v = parseInput(interestInput, raw);
  const c = isUuid(raw.callOutId) ? (await ctx.tx.select().from(callOuts).where(eq(callOuts.id, raw.callOutId)))[0] : undefined;
  const profile = await profileOf(ctx.tx, actor.personId);
  // A call-out the supporter cannot see is "not found" to them, whatever its state.
  if (!c || c.state !== 'open' || !profile?.openToNewTeams || milesBetween(profile, c) > profile.travelMiles) throw new NotFound('That call-out was not found.');
  const [already] = await ctx.tx.select({ id: callOutInterests.id }).from(callOutInterests).where(and(eq(callOutInterests.callOutId, c.id), eq(callOutInterests.personId, actor.personId)));
  if (already) throw new Conflict('You have already said you are interested in this call-out.');
  await ctx.tx.insert(callOutInterests).values({ id: newId(), callOutId: c.id, personId: actor.personId, message: v.message, createdAt: ctx.now });
  const told = [c.draftedBy, c.consentedBy].filter((id): id is string => !!id);
  await notify(ctx.tx, ctx.now, told, { text: `${actor.name} is interested in a call-out for your team`, href: `/matching/teams/${c.teamId}` });
  await ctx.emit({ type: 'call-out.interest', subjectType: 'team', subjectId: c.teamId, data: { callOutId: c.id } });
}
