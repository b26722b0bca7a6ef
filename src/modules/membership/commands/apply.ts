import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { addMonths, isoDate } from '../../circles/dates.ts';
import { circleMembership } from '../../circles/queries.ts';
import { registerAdoptionHook } from '../../decisions/hooks.ts';
import { insertEffects } from '../../decisions/mandates/commands.ts';
import { proposals, proposalVersions } from '../../decisions/schema.ts';
import { people } from '../../people/schema.ts';
import { type MembershipStep, membershipNext } from '../machine.ts';
import { isSecretary } from '../policy.ts';
import { memberClasses, membershipChanges, memberships } from '../schema.ts';
import { membersCircleId } from '../settings.ts';

const checkbox = z.union([z.literal('on'), z.literal('true'), z.boolean()]).optional().transform((v) => v === 'on' || v === 'true' || v === true);
export const applyInput = z
  .object({
    memberClass: z.enum(memberClasses, { error: 'Choose a class of membership' }),
    actingFor: z.string().trim().max(200, 'Name must be 200 characters or fewer').optional().transform((v) => v || null),
    workerKind: z.enum(['paid', 'volunteer']).optional(),
    commitment: checkbox,
  })
  .refine((v) => v.memberClass !== 'advocate' || v.actingFor, { path: ['actingFor'], message: 'Say who you act for' })
  .refine((v) => v.memberClass !== 'worker' || v.workerKind, { path: ['workerKind'], message: 'Choose paid or volunteer' })
  .refine((v) => v.memberClass !== 'worker' || v.commitment, { path: ['commitment'], message: "Workers agree to the Members' Commitment to apply" });

export async function recordChange(ctx: Ctx, membershipId: string, from: string | null, to: string, reason: string | null) {
  await ctx.tx.insert(membershipChanges).values({ id: newId(), membershipId, fromState: from, toState: to, reason, byPersonId: ctx.actor?.personId ?? null, at: ctx.now });
}

/**
 * Apply to join a class. The application becomes a proposal in the Members' Circle; the
 * circle admits by consent, and adoption admits the member (see the hook below).
 */
export async function applyForMembership(ctx: Ctx, raw: Record<string, unknown>): Promise<{ membershipId: string; proposalId: string }> {
  const actor = requireActor(ctx.actor);
  const v = parseInput(applyInput, raw);
  const circleId = await membersCircleId(ctx.tx);
  if (!circleId) throw new Conflict("The co-op has no Members' Circle to consider applications yet.");
  const [existing] = await ctx.tx.select().from(memberships).where(and(eq(memberships.personId, actor.personId), eq(memberships.memberClass, v.memberClass)));
  if (existing && !['left', 'removed'].includes(existing.state)) throw new Invalid({ memberClass: `You already have a ${v.memberClass} membership (${existing.state})` });
  const [person] = await ctx.tx.select({ name: people.name }).from(people).where(eq(people.id, actor.personId));
  const membershipId = existing?.id ?? newId();
  const values = {
    memberClass: v.memberClass,
    state: 'applied' as const,
    actingFor: v.actingFor,
    workerKind: v.memberClass === 'worker' ? (v.workerKind ?? null) : null,
    commitmentAcceptedAt: v.commitment ? ctx.now : null,
    appliedAt: ctx.now,
    admittedAt: null,
    endedAt: null,
    updatedAt: ctx.now,
  };
  if (existing) await ctx.tx.update(memberships).set(values).where(eq(memberships.id, existing.id));
  else await ctx.tx.insert(memberships).values({ id: membershipId, personId: actor.personId, ...values });
  // The Members' Circle considers it as a proposal; its Facilitator or Secretary presents it.
  const members = await circleMembership(ctx.tx, circleId, ctx.now);
  const steward = members.find((m) => m.participation === 'full')?.personId ?? actor.personId;
  const proposalId = newId();
  await ctx.tx.insert(proposals).values({ id: proposalId, circleId, authorId: actor.personId, facilitatorId: steward, createdAt: ctx.now, updatedAt: ctx.now });
  await ctx.tx.insert(proposalVersions).values({
    id: newId(),
    proposalId,
    version: 1,
    title: `Admit ${person?.name ?? 'a new member'} as a ${v.memberClass} member`,
    driver: `${person?.name ?? 'Someone'} has applied to join the co-op as a ${v.memberClass} member${v.actingFor ? `, acting for ${v.actingFor}` : ''}.`,
    text: `The Members' Circle admits ${person?.name ?? 'the applicant'} as a ${v.memberClass} member${v.memberClass === 'worker' ? ', after a probation period' : ''}.`,
    reviewDate: addMonths(isoDate(ctx.now), 12),
    amendedBy: actor.personId,
    createdAt: ctx.now,
  });
  // Its mandate: adopting it admits this application (decisions/mandates, admit_member).
  await insertEffects(ctx, { id: proposalId, circleId }, 1, [{ kind: 'admit_member', params: { membershipId } }]);
  await ctx.tx.update(memberships).set({ admissionProposalId: proposalId }).where(eq(memberships.id, membershipId));
  await recordChange(ctx, membershipId, existing?.state ?? null, 'applied', null);
  await ctx.emit({ type: 'membership.applied', subjectType: 'membership', subjectId: membershipId, data: { memberClass: v.memberClass, proposalId } });
  return { membershipId, proposalId };
}

// Applications made before mandates carry no admit_member effect: their adoption still admits
// here. One that carries it has been admitted by the mandate already, and is left alone.
registerAdoptionHook(async (ctx, proposal) => {
  const [m] = await ctx.tx.select().from(memberships).where(eq(memberships.admissionProposalId, proposal.id));
  if (!m || m.state !== 'applied') return;
  // Workers start with probation; everyone else is admitted at once.
  const step: MembershipStep = m.memberClass === 'worker' ? 'start-probation' : 'admit';
  const state = membershipNext(step, m.state);
  await ctx.tx.update(memberships).set({ state, admittedAt: state === 'admitted' ? ctx.now : null, updatedAt: ctx.now }).where(eq(memberships.id, m.id));
  await recordChange(ctx, m.id, m.state, state, "Admitted by consent of the Members' Circle");
  await ctx.emit({ type: `membership.${state}`, subjectType: 'membership', subjectId: m.id });
});

export const changeInput = z.object({
  step: z.enum(['admit', 'suspend', 'reinstate', 'leave', 'remove'], { error: 'Choose what happens' }),
  reason: z.string().trim().max(2000, 'Reason must be 2000 characters or fewer').optional().transform((v) => v || null),
  eligibilityChecked: checkbox,
});

/** The Secretary ends probation, suspends, reinstates or removes; a member may leave. */
export async function changeMembership(ctx: Ctx, raw: Record<string, unknown> & { membershipId: string }): Promise<{ state: string }> {
  const actor = requireActor(ctx.actor) as Actor;
  if (!isUuid(raw.membershipId)) throw new Invalid({ membershipId: 'Choose a membership' });
  const [m] = await ctx.tx.select().from(memberships).where(eq(memberships.id, raw.membershipId)).for('update');
  if (!m) throw new Invalid({ membershipId: 'That membership does not exist' });
  const v = parseInput(changeInput, raw);
  const self = m.personId === actor.personId && v.step === 'leave';
  if (!self && !(await isSecretary(ctx.tx, actor, ctx.now))) throw new NotAllowed("Only the Members' Circle's Secretary keeps the register.");
  const state = membershipNext(v.step, m.state);
  if (v.step === 'admit' && m.state === 'applied') throw new Conflict("An application is decided by the Members' Circle: adopting its proposal admits the applicant.");
  if (['suspend', 'remove'].includes(v.step) && !v.reason) throw new Invalid({ reason: 'Give the reason' });
  if (v.step === 'admit' && m.state === 'probation' && !v.eligibilityChecked) throw new Invalid({ eligibilityChecked: 'Confirm the eligibility check was done before ending probation' });
  await ctx.tx
    .update(memberships)
    .set({
      state,
      updatedAt: ctx.now,
      ...(state === 'admitted' ? { admittedAt: m.admittedAt ?? ctx.now } : {}),
      ...(v.step === 'admit' && m.state === 'probation' ? { eligibilityCheckedAt: ctx.now } : {}),
      ...(['left', 'removed'].includes(state) ? { endedAt: ctx.now } : {}),
    })
    .where(eq(memberships.id, m.id));
  await recordChange(ctx, m.id, m.state, state, v.reason);
  await ctx.emit({ type: `membership.${v.step}`, subjectType: 'membership', subjectId: m.id, data: { reason: v.reason } });
  return { state };
}
