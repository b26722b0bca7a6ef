import { and, asc, eq } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { getCircle } from '../../circles/queries.ts';
import { amendProposal } from '../commands/amend-proposal.ts';
import { lockProposal, standingIn } from '../load.ts';
import { canTake } from '../machine.ts';
import { canSteer } from '../policy.ts';
import { effectProblems } from './apply.ts';
import { effectSubject, parseEffect } from './kinds.ts';
import { type EffectKind, mandateEffects } from './schema.ts';

export const MAX_EFFECTS = 20;

/** Check one effect (its fields, then whether it can act for this circle); Invalid per field. */
export async function checkedEffect(tx: Tx, circleId: string, raw: Record<string, unknown>): Promise<{ kind: EffectKind; params: Record<string, unknown> }> {
  const parsed = parseEffect(raw);
  if (!parsed.ok) throw new Invalid(parsed.errors);
  const circle = await getCircle(tx, circleId);
  if (!circle) throw new NotFound('That circle was not found.');
  const problems = await effectProblems(tx, circle, parsed.kind, parsed.params);
  if (Object.keys(problems).length > 0) throw new Invalid(problems);
  return { kind: parsed.kind, params: parsed.params };
}

/** Internal: add checked effects to a proposal version, after those it has. */
export async function insertEffects(ctx: Ctx, proposal: { id: string; circleId: string }, version: number, effects: { kind: EffectKind; params: Record<string, unknown> }[]): Promise<string[]> {
  if (effects.length === 0) return [];
  const existing = await effectsOf(ctx.tx, proposal.id, version);
  if (existing.length + effects.length > MAX_EFFECTS) throw new Invalid({ kind: `A proposal can carry at most ${MAX_EFFECTS} effects` });
  const pools = [...existing, ...effects].filter((e) => e.kind === 'allow_pool_payments').map((e) => String(e.params.poolId));
  if (new Set(pools).size !== pools.length) throw new Invalid({ poolId: 'This proposal already allows payments from that pool: change that effect instead' });
  const rows = effects.map((e, i) => ({
    id: newId(),
    proposalId: proposal.id,
    version,
    position: existing.length + i + 1,
    circleId: proposal.circleId,
    kind: e.kind,
    params: e.params,
    subjectId: effectSubject(e.kind, e.params),
    createdAt: ctx.now,
  }));
  await ctx.tx.insert(mandateEffects).values(rows);
  return rows.map((r) => r.id);
}

export const effectsOf = (tx: Tx, proposalId: string, version: number) =>
  tx.select().from(mandateEffects).where(and(eq(mandateEffects.proposalId, proposalId), eq(mandateEffects.version, version))).orderBy(asc(mandateEffects.position));

/** Internal: an amendment's new version starts with the previous version's effects, less any removed. */
export async function copyEffects(ctx: Ctx, proposalId: string, from: number, to: number, except: string | null = null): Promise<void> {
  const previous = (await effectsOf(ctx.tx, proposalId, from)).filter((e) => e.id !== except);
  if (previous.length === 0) return;
  await ctx.tx.insert(mandateEffects).values(
    previous.map((e, i) => ({ id: newId(), proposalId, version: to, position: i + 1, circleId: e.circleId, kind: e.kind, params: e.params, subjectId: e.subjectId, createdAt: ctx.now })),
  );
}

/**
 * Change what a proposal authorises. A draft's current version changes in place; once it has
 * been presented the change is an amendment (a new version, with its reason), so every
 * version keeps the effects people answered on.
 */
async function changeEffects(ctx: Ctx, raw: Record<string, unknown>, change: { add?: Record<string, unknown>; remove?: string }): Promise<{ version: number }> {
  const actor = requireActor(ctx.actor);
  const { proposal, version } = await lockProposal(ctx.tx, raw.proposalId);
  if (!canSteer(actor, proposal, await standingIn(ctx.tx, proposal.circleId, actor, ctx.now))) {
    throw new NotAllowed('Only the author or the facilitator can change what this proposal authorises.');
  }
  if (!canTake('amend', proposal.state)) throw new Conflict(`What a proposal authorises cannot change while it is ${proposal.state.replace('_', ' ')}.`);
  const current = await effectsOf(ctx.tx, proposal.id, proposal.version);
  if (change.remove !== undefined && !current.some((e) => e.id === change.remove)) throw new NotFound('That effect is not part of this proposal.');
  const added = change.add ? await checkedEffect(ctx.tx, proposal.circleId, change.add) : null;
  let target = proposal.version;
  if (proposal.state !== 'draft') {
    if (typeof raw.reason !== 'string' || !raw.reason.trim()) throw new Invalid({ reason: 'Give the reason for the amendment' });
    // The amendment copies the effects; the removed one is left out of the new version.
    target = (await amendProposal(ctx, { ...version, term: version.term ?? '', proposalId: proposal.id, reason: raw.reason, removeEffect: change.remove ?? null })).version;
  } else if (change.remove) {
    await ctx.tx.delete(mandateEffects).where(eq(mandateEffects.id, change.remove));
    const left = current.filter((e) => e.id !== change.remove);
    // Keep positions 1..n: move each down (ascending, so none collides with another).
    for (const [i, e] of left.entries()) await ctx.tx.update(mandateEffects).set({ position: i + 1 }).where(eq(mandateEffects.id, e.id));
  }
  if (added) await insertEffects(ctx, proposal, target, [added]);
  await ctx.emit({ type: 'proposal.effects-changed', subjectType: 'proposal', subjectId: proposal.id, data: { version: target, added: added?.kind ?? null, removed: change.remove ?? null } });
  return { version: target };
}

export const addEffect = (ctx: Ctx, raw: Record<string, unknown>) => changeEffects(ctx, raw, { add: raw });

export async function removeEffect(ctx: Ctx, raw: Record<string, unknown>) {
  if (!isUuid(raw.effectId)) throw new NotFound('That effect is not part of this proposal.');
  return changeEffects(ctx, raw, { remove: raw.effectId });
}
