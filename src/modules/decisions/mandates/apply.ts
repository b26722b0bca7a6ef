import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { Conflict, Invalid } from '../../../platform/errors.ts';
import { insertCircle } from '../../circles/commands/create-circle.ts';
import { getCircle } from '../../circles/queries.ts';
import { circles } from '../../circles/schema.ts';
import { recordPoolAllowance } from '../../credits/commands/allow-pool-payments.ts';
import { getPool } from '../../credits/pools.ts';
import { recordChange } from '../../membership/commands/apply.ts';
import { applySetting, settingClash } from '../../membership/commands/settings.ts';
import { membershipNext } from '../../membership/machine.ts';
import { memberships } from '../../membership/schema.ts';
import { membersCircleId } from '../../membership/settings.ts';
import { people } from '../../people/schema.ts';
import { type SurveyRoundParams, surveyRoundProblems } from '../../survey/mandate.ts';
import type { CircleParams, PoolParams, SettingParams } from './kinds.ts';
import { effectKindSpecs, effectLabels } from './kinds.ts';
import { type EffectKind, type MandateEffect, mandateEffects } from './schema.ts';

type Circle = NonNullable<Awaited<ReturnType<typeof getCircle>>>;

/**
 * Whether the effect can act for this circle as things stand: checked when it is added to a
 * proposal and again on adoption (a pool may have gone, an applicant withdrawn). Field errors.
 */
export async function effectProblems(tx: Tx, circle: Circle, kind: EffectKind, params: Record<string, unknown>): Promise<Record<string, string>> {
  const membersOnly = async (): Promise<Record<string, string>> => (circle.id === (await membersCircleId(tx)) ? {} : { kind: "Only the Members' Circle decides this" });
  switch (kind) {
    case 'create_circle': {
      if (circle.kind === 'team') return { kind: 'A team cannot have circles under it' };
      const name = (params as CircleParams).name;
      const [twin] = await tx.select({ id: circles.id }).from(circles).where(and(eq(circles.parentId, circle.id), eq(circles.name, name)));
      return twin ? { name: `${circle.name} already has a circle called “${name}”` } : {};
    }
    case 'change_setting':
    case 'admit_member': {
      const problem = await membersOnly();
      if (problem.kind) return problem;
      if (kind === 'change_setting') {
        const clash = await settingClash(tx, String(params.key), params.value);
        return clash ? { value: clash } : {};
      }
      const [m] = await tx.select().from(memberships).where(eq(memberships.id, String(params.membershipId)));
      if (!m) return { membershipId: 'No application with that id' };
      return m.state === 'applied' ? {} : { membershipId: `That application is no longer waiting (it is ${m.state})` };
    }
    case 'allow_pool_payments': {
      const p = params as PoolParams;
      const pool = await getPool(tx, p.poolId);
      if (!pool || pool.circleId !== circle.id) return { poolId: `Choose a pool of ${circle.name}` };
      const named = [...p.recipientIds, ...p.payerIds];
      if (named.length === 0) return {};
      const found = await tx.select({ id: people.id }).from(people).where(inArray(people.id, named));
      const missing = (ids: string[]) => ids.some((id) => !found.some((f) => f.id === id));
      if (missing(p.recipientIds)) return { recipientIds: 'Choose people who belong to the co-op' };
      if (missing(p.payerIds)) return { payerIds: 'Choose people who belong to the co-op' };
      return {};
    }
    case 'run_survey_round':
      return surveyRoundProblems(tx, circle.id, params as SurveyRoundParams);
    default:
      return {};
  }
}

/** The change an "apply" effect makes on adoption; what it made, for the record. */
async function applyEffect(ctx: Ctx, effect: MandateEffect, entryId: string): Promise<Record<string, unknown>> {
  const params = effect.params;
  switch (effect.kind) {
    case 'create_circle': {
      const p = params as CircleParams;
      const { circleId } = await insertCircle(ctx, { ...p, kind: 'circle', parentId: effect.circleId, ownerId: null, decisionId: entryId });
      return { circleId };
    }
    case 'change_aim':
      await ctx.tx.update(circles).set({ aim: String(params.aim) }).where(eq(circles.id, effect.circleId));
      return {};
    case 'change_domain':
      await ctx.tx.update(circles).set({ domain: String(params.domain) }).where(eq(circles.id, effect.circleId));
      return {};
    case 'set_silence_policy':
      await ctx.tx.update(circles).set({ silenceIsConsent: params.silenceIsConsent === true }).where(eq(circles.id, effect.circleId));
      return {};
    case 'change_setting': {
      const p = params as SettingParams;
      await applySetting(ctx, p.key, p.value, entryId);
      return {};
    }
    case 'admit_member': {
      const [m] = await ctx.tx.select().from(memberships).where(eq(memberships.id, String(params.membershipId))).for('update');
      if (!m) throw new Conflict('The application this decision admits no longer exists.');
      // Workers start with probation; everyone else is admitted at once.
      const state = membershipNext(m.memberClass === 'worker' ? 'start-probation' : 'admit', m.state);
      await ctx.tx.update(memberships).set({ state, admittedAt: state === 'admitted' ? ctx.now : null, updatedAt: ctx.now }).where(eq(memberships.id, m.id));
      await recordChange(ctx, m.id, m.state, state, "Admitted by consent of the Members' Circle");
      await ctx.emit({ type: `membership.${state}`, subjectType: 'membership', subjectId: m.id, data: { decisionId: entryId } });
      return { state };
    }
    case 'allow_pool_payments': {
      const { allowanceId } = await recordPoolAllowance(ctx, { effectId: effect.id, logbookEntryId: entryId, ...(params as PoolParams) });
      return { allowanceId };
    }
    case 'run_survey_round':
      // Nothing to make now: the round is opened later, citing the decision, which it uses up.
      return {};
  }
}

/**
 * On adoption, in the adoption's transaction: each effect of the adopted version is checked
 * again, then applied (and recorded as applied) or made available to authorise later acts.
 * One that can no longer be applied refuses the adoption, so nothing is half done.
 */
export async function applyMandates(ctx: Ctx, proposal: { id: string; version: number; circleId: string }, entryId: string): Promise<void> {
  const effects = await ctx.tx
    .select()
    .from(mandateEffects)
    .where(and(eq(mandateEffects.proposalId, proposal.id), eq(mandateEffects.version, proposal.version)))
    .orderBy(asc(mandateEffects.position))
    .for('update');
  if (effects.length === 0) return;
  const circle = await getCircle(ctx.tx, proposal.circleId);
  if (!circle) throw new Conflict('The proposal’s circle no longer exists.');
  for (const effect of effects) {
    const problems = await effectProblems(ctx.tx, circle, effect.kind, effect.params);
    const problem = Object.values(problems)[0];
    const label = effectLabels[effect.kind];
    if (problem) throw new Conflict(`The effect “${label}” can no longer be applied: ${problem}. Amend the proposal first.`);
    const apply = effectKindSpecs[effect.kind].mode === 'apply';
    let result: Record<string, unknown>;
    try {
      // An authorising effect is recorded where its later acts look for it (a pool's allowances).
      result = await applyEffect(ctx, effect, entryId);
    } catch (error) {
      if (error instanceof Invalid) throw new Conflict(`The effect “${label}” can no longer be applied: ${Object.values(error.fields)[0] ?? error.message}`);
      throw error;
    }
    await ctx.tx
      .update(mandateEffects)
      .set({ status: apply ? 'applied' : 'available', logbookEntryId: entryId, result, appliedAt: ctx.now })
      .where(eq(mandateEffects.id, effect.id));
  }
  await ctx.emit({ type: 'mandate.applied', subjectType: 'logbook_entry', subjectId: entryId, data: { effects: effects.map((e) => e.kind) } });
}
