import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../platform/authz.ts';
import type { Ctx } from '../../platform/context.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { notify } from '../../platform/notify.ts';
import { parseInput } from '../../platform/validate.ts';
import { loadConflict } from './load.ts';
import { type ConflictStep, assertConflictStep, conflictTable, conflictWays } from './machine.ts';
import { canRaise, conflictReadReason, supportFacts, teamPeople } from './policy.ts';
import { conflictSteps, conflicts } from './schema.ts';

const text = (missing: string, max: number) => z.string({ error: missing }).trim().min(1, missing).max(max, `Please keep this to ${max} characters or fewer`);
const allWays = [...new Set(Object.values(conflictWays).flatMap((w) => Object.keys(w)))] as [string, ...string[]];
const people = z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.uuid({ error: 'Choose people from the list' })).max(50, 'Choose at most 50 people'));

export const openConflictInput = z.object({
  summary: text('Say in a line what the disagreement is about', 200),
  involved: people.refine((ids) => ids.length > 0, 'Choose who is involved'),
  way: z.enum(Object.keys(conflictWays.step_1) as [string, ...string[]], { error: 'Choose how step 1 is being taken' }),
  note: text('Write a note about how it is going', 10000),
});
export const conflictStepInput = z.object({
  step: z.enum(Object.keys(conflictTable) as [ConflictStep, ...ConflictStep[]], { error: 'Choose what happens next' }),
  way: z.preprocess((v) => (v === '' ? undefined : v), z.enum(allWays, { error: 'Choose how the next step is being taken' }).optional()),
  note: text('Say why, or how it was resolved', 10000),
});

/** Someone in the team (or its coach) asks for conflict support; it starts at step 1. */
export async function openConflict(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<{ conflictId: string }> {
  const actor = requireActor(ctx.actor);
  const facts = await supportFacts(ctx.tx, raw.teamId, ctx.now);
  if (!canRaise(actor, facts)) throw new NotFound('That team was not found.');
  const v = parseInput(openConflictInput, raw);
  const inTeam = teamPeople(facts);
  if (v.involved.some((id) => !inTeam.includes(id))) throw new Invalid({ involved: 'Choose people in the team' });
  const conflictId = newId();
  const involvedIds = [...new Set(v.involved)];
  await ctx.tx.insert(conflicts).values({ id: conflictId, teamId: facts.team.id, openedBy: actor.personId, involvedIds, summary: v.summary, way: v.way, createdAt: ctx.now, updatedAt: ctx.now });
  await ctx.tx.insert(conflictSteps).values({ id: newId(), conflictId, step: 'open', fromState: null, toState: 'step_1', way: v.way, note: v.note, byId: actor.personId, at: ctx.now });
  await notify(ctx.tx, ctx.now, [...involvedIds, ...facts.localCoaches].filter((id) => id !== actor.personId), { text: `Conflict support was asked for in ${facts.team.name}`, href: `/conflicts/${conflictId}` });
  await ctx.emit({ type: 'conflict.opened', subjectType: 'conflict', subjectId: conflictId, data: { teamId: facts.team.id } });
  return { conflictId };
}

/** Up a step (with the way it is taken and why), or resolved with a note. Anyone who may see it may move it. */
export async function takeConflictStep(ctx: Ctx, raw: Record<string, unknown> & { conflictId: string }): Promise<{ state: string }> {
  const actor = requireActor(ctx.actor);
  const { conflict, facts } = await loadConflict(ctx.tx, raw.conflictId, ctx.now, true);
  if (!conflictReadReason(actor, facts, conflict)) throw new NotFound('That conflict record was not found.');
  const v = parseInput(conflictStepInput, raw);
  const to = assertConflictStep(v.step, conflict.state);
  let way = conflict.way;
  if (to !== 'resolved') {
    const ways = conflictWays[to];
    if (!v.way || !(v.way in ways)) throw new Invalid({ way: `Choose how step ${to.slice(-1)} is being taken` });
    way = v.way;
  }
  await ctx.tx
    .update(conflicts)
    .set({ state: to, way, updatedAt: ctx.now, ...(to === 'resolved' ? { resolution: v.note } : {}) })
    .where(eq(conflicts.id, conflict.id));
  await ctx.tx.insert(conflictSteps).values({ id: newId(), conflictId: conflict.id, step: v.step, fromState: conflict.state, toState: to, way: to === 'resolved' ? null : way, note: v.note, byId: actor.personId, at: ctx.now });
  await notify(ctx.tx, ctx.now, [...conflict.involvedIds, ...facts.localCoaches].filter((id) => id !== actor.personId), { text: `Conflict support in ${facts.team.name} is now ${to === 'resolved' ? 'resolved' : `at step ${to.slice(-1)}`}`, href: `/conflicts/${conflict.id}` });
  await ctx.emit({ type: `conflict.${v.step}`, subjectType: 'conflict', subjectId: conflict.id, data: { from: conflict.state, to } });
  return { state: to };
}
