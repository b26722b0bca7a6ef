import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { teamFacts } from '../../teams/policy.ts';
import { type IntroductionStep, assertIntroductionStep, introductionStepNames } from '../machine.ts';
import { canViewProfile, circleMates, mayFindForTeam } from '../policy.ts';
import { profileOf } from '../queries.ts';
import { shortlistEntries } from '../schema.ts';

const note = z.string({ error: 'A note must be text' }).trim().max(1000, 'The note must be 1000 characters or fewer').optional().transform((v) => v ?? '');
export const shortlistInput = z.object({ personId: z.uuid('Choose a supporter'), note });
export const noteInput = z.object({ note });
export const introductionStepInput = z.object({ step: z.enum(introductionStepNames as [IntroductionStep, ...IntroductionStep[]], { error: 'Choose a step from the list' }) });

async function forTeam(ctx: Ctx, teamId: unknown) {
  const actor = requireActor(ctx.actor);
  const facts = await teamFacts(ctx.tx, teamId, ctx.now);
  if (!(await mayFindForTeam(ctx.tx, actor, facts, ctx.now))) throw new NotAllowed("Only the team's owner, their advocate, or a Team Starter or Coach keeps its shortlist.");
  return { actor, facts };
}

/** Put a supporter whose profile the actor may see on the team's shortlist, once at a time. */
export async function addToShortlist(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<{ entryId: string }> {
  const { actor, facts } = await forTeam(ctx, raw.teamId);
  const v = parseInput(shortlistInput, raw);
  const profile = await profileOf(ctx.tx, v.personId);
  if (!profile || !canViewProfile(actor, profile, await circleMates(ctx.tx, actor.personId, ctx.now))) throw new NotFound('That Giving Support Profile was not found.');
  const [current] = await ctx.tx.select({ id: shortlistEntries.id }).from(shortlistEntries).where(and(eq(shortlistEntries.teamId, facts.team.id), eq(shortlistEntries.personId, v.personId), ne(shortlistEntries.state, 'removed')));
  if (current) throw new Conflict(`${profile.name} is already on this team's shortlist.`);
  const entryId = newId();
  await ctx.tx.insert(shortlistEntries).values({ id: entryId, teamId: facts.team.id, personId: v.personId, state: 'shortlisted', note: v.note, addedBy: actor.personId, createdAt: ctx.now, updatedAt: ctx.now });
  await ctx.emit({ type: 'shortlist.added', subjectType: 'team', subjectId: facts.team.id, data: { entryId, personId: v.personId } });
  return { entryId };
}

async function lockEntry(ctx: Ctx, entryId: unknown) {
  if (!isUuid(entryId)) throw new NotFound('That shortlist entry was not found.');
  const [entry] = await ctx.tx.select().from(shortlistEntries).where(eq(shortlistEntries.id, entryId)).for('update');
  if (!entry) throw new NotFound('That shortlist entry was not found.');
  return { entry, ...(await forTeam(ctx, entry.teamId)) };
}

export async function noteShortlistEntry(ctx: Ctx, raw: Record<string, unknown> & { entryId: string }): Promise<void> {
  const v = parseInput(noteInput, raw);
  const { entry } = await lockEntry(ctx, raw.entryId);
  if (entry.state === 'removed') throw new Conflict('That supporter was taken off the shortlist.');
  await ctx.tx.update(shortlistEntries).set({ note: v.note, updatedAt: ctx.now }).where(eq(shortlistEntries.id, entry.id));
  await ctx.emit({ type: 'shortlist.noted', subjectType: 'team', subjectId: entry.teamId, data: { entryId: entry.id } });
}

/**
 * The introduction, step by step (machine.ts). The supporter is told when they are introduced
 * and when the team would like them to join.
 */
export async function moveIntroduction(ctx: Ctx, raw: Record<string, unknown> & { entryId: string }): Promise<{ state: string }> {
  const { step } = parseInput(introductionStepInput, raw);
  const { entry, actor, facts } = await lockEntry(ctx, raw.entryId);
  const state = assertIntroductionStep(step, entry.state);
  await ctx.tx.update(shortlistEntries).set({ state, updatedAt: ctx.now }).where(eq(shortlistEntries.id, entry.id));
  if (step === 'introduce') {
    await notify(ctx.tx, ctx.now, [entry.personId], { text: `${actor.name} would like to introduce you to ${facts.team.name}`, href: '/call-outs#introductions' });
  }
  if (step === 'went-well') {
    await notify(ctx.tx, ctx.now, [entry.personId], { text: `Your introduction to ${facts.team.name} went well: the team may invite you to join`, href: '/call-outs#introductions' });
  }
  await ctx.emit({ type: `introduction.${step}`, subjectType: 'team', subjectId: entry.teamId, data: { entryId: entry.id, personId: entry.personId, state } });
  return { state };
}
