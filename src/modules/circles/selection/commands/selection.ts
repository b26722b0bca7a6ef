import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, requireActor } from '../../../../platform/authz.ts';
import type { Ctx } from '../../../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../../../platform/errors.ts';
import { isUuid, newId } from '../../../../platform/ids.ts';
import { notify } from '../../../../platform/notify.ts';
import { parseInput } from '../../../../platform/validate.ts';
import { people } from '../../../people/schema.ts';
import { assignHat } from '../../commands/assign-hat.ts';
import { assertMayAnswerFor } from '../../meetings/on-the-record.ts';
import { wearsRole } from '../../roles.ts';
import { recordLogbookEntry } from '../../commands/record-logbook-entry.ts';
import { addMonths, isoDate } from '../../dates.ts';
import { circleHats, circleMembership, getCircle } from '../../queries.ts';
import { hatDefinitions } from '../../schema.ts';
import { assertSelectionStep, nextSelectionState } from '../machine.ts';
import { nominations, selectionResponses, selections } from '../schema.ts';

const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'Selection', isAdmin: true, via: 'system' };
const reason = (label: string) => z.string({ error: `${label} is needed` }).trim().min(3, `${label} is needed`).max(2000, `${label} must be 2000 characters or fewer`);

export const openInput = z.object({ hatId: z.uuid('Choose a hat') });
export const nominateInput = z.object({ nomineeId: z.uuid('Choose who you nominate'), reason: reason('Your reason'), changeReason: z.string().trim().max(2000).optional() });
export const proposeInput = z.object({ candidateId: z.uuid('Choose the candidate'), termStart: z.iso.date('Enter the start of the term as a date') });
export const respondInput = z
  .object({
    personId: z.uuid().optional(),
    /** When the facilitator records someone else's answer: the open meeting it happens in. */
    meetingId: z.string().optional(),
    response: z.enum(['consent', 'objection'], { error: 'Choose consent or objection' }),
    concern: z.string().trim().max(2000).optional().transform((v) => v || null),
    reason: z.string().trim().max(4000).optional().transform((v) => v || null),
  })
  .refine((v) => v.response !== 'objection' || (v.reason && v.reason.length >= 10), { path: ['reason'], message: 'An objection needs its reason' });

async function lock(ctx: Ctx, id: unknown) {
  if (!isUuid(id)) throw new NotFound('That selection was not found.');
  const [s] = await ctx.tx.select().from(selections).where(eq(selections.id, id)).for('update');
  if (!s) throw new NotFound('That selection was not found.');
  const members = await circleMembership(ctx.tx, s.circleId, ctx.now);
  return { s, members };
}
const participation = (members: Awaited<ReturnType<typeof circleMembership>>, personId: string) => members.find((m) => m.personId === personId)?.participation;

/**
 * The selection's facilitator steers it while they are a full participant of the deciding circle
 * (or wear its Facilitator or Secretary hat there): someone who left steers nothing. Being a
 * co-op admin gives no say in a circle's selections.
 */
async function assertFacilitates(ctx: Ctx, s: { circleId: string; facilitatorId: string }, members: Awaited<ReturnType<typeof circleMembership>>, what: string) {
  const actor = requireActor(ctx.actor);
  const steward = await wearsRole(ctx.tx, s.circleId, actor.personId, ['facilitator', 'secretary'], ctx.now);
  if (actor.personId !== s.facilitatorId || (participation(members, actor.personId) !== 'full' && !steward)) {
    throw new NotAllowed(`Only the selection's facilitator, while a full participant of the circle, ${what}.`);
  }
}

/**
 * Open a selection for a hat. A Leader is chosen by the parent circle (double-linking); every
 * other hat, including the Delegate, by the circle that holds it.
 */
export async function openSelection(ctx: Ctx, raw: Record<string, unknown>): Promise<{ selectionId: string }> {
  const actor = requireActor(ctx.actor);
  const v = parseInput(openInput, raw);
  const [hat] = await ctx.tx.select().from(hatDefinitions).where(eq(hatDefinitions.id, v.hatId));
  const hatCircle = hat ? await getCircle(ctx.tx, hat.circleId) : null;
  if (!hat || !hatCircle) throw new Invalid({ hatId: 'That hat does not exist' });
  const decidingCircleId = hat.role === 'leader' && hatCircle.parentId ? hatCircle.parentId : hatCircle.id;
  const members = await circleMembership(ctx.tx, decidingCircleId, ctx.now);
  const stewards = (await circleHats(ctx.tx, decidingCircleId, ctx.now)).filter((h) => h.role === 'facilitator' || h.role === 'secretary').flatMap((h) => h.holders.map((x) => x.personId));
  if (!stewards.includes(actor.personId) && participation(members, actor.personId) !== 'full') {
    throw new NotAllowed("Only the circle's full participants, Facilitator or Secretary open a selection.");
  }
  const selectionId = newId();
  await ctx.tx.insert(selections).values({ id: selectionId, circleId: decidingCircleId, hatId: hat.id, facilitatorId: actor.personId, createdAt: ctx.now, updatedAt: ctx.now });
  await notify(ctx.tx, ctx.now, members.map((m) => m.personId), { text: `Nominations are open for the ${hat.name} hat`, href: `/selections/${selectionId}` });
  await ctx.emit({ type: 'selection.opened', subjectType: 'selection', subjectId: selectionId, data: { hatId: hat.id } });
  return { selectionId };
}

/** A silent written nomination (self or another), with a reason; one per nominator, changeable in the change round. */
export async function nominate(ctx: Ctx, raw: Record<string, unknown> & { selectionId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  const { s, members } = await lock(ctx, raw.selectionId);
  const mine = participation(members, actor.personId);
  if (mine !== 'full' && mine !== 'learning') throw new NotAllowed('Only full and learning participants nominate.');
  assertSelectionStep('nominate', s.state);
  const v = parseInput(nominateInput, raw);
  if (!members.some((m) => m.personId === v.nomineeId)) {
    const [person] = await ctx.tx.select({ id: people.id }).from(people).where(eq(people.id, v.nomineeId));
    if (!person) throw new Invalid({ nomineeId: 'That person does not exist' });
  }
  const [before] = await ctx.tx.select().from(nominations).where(and(eq(nominations.selectionId, s.id), eq(nominations.nominatorId, actor.personId)));
  if (s.state === 'change_round' && !before) throw new Invalid({ nomineeId: 'Only people who nominated can change their nomination' });
  if (s.state === 'change_round' && !v.changeReason) throw new Invalid({ changeReason: 'Say why you are changing your nomination' });
  const values = { nomineeId: v.nomineeId, reason: v.reason, updatedAt: ctx.now, ...(s.state === 'change_round' ? { changedFrom: before?.nomineeId ?? null, changeReason: v.changeReason ?? null } : {}) };
  if (before) await ctx.tx.update(nominations).set(values).where(eq(nominations.id, before.id));
  else await ctx.tx.insert(nominations).values({ id: newId(), selectionId: s.id, nominatorId: actor.personId, createdAt: ctx.now, ...values });
  await ctx.emit({ type: 'selection.nominated', subjectType: 'selection', subjectId: s.id });
}

type SimpleStep = 'open-nomination-round' | 'open-change-round' | 'start-consent-round' | 'cancel';

export async function advanceSelection(ctx: Ctx, input: { selectionId: string; step: SimpleStep }): Promise<{ state: string }> {
  requireActor(ctx.actor);
  const { s, members } = await lock(ctx, input.selectionId);
  await assertFacilitates(ctx, s, members, 'moves it on');
  const state = nextSelectionState(input.step, s.state);
  const round = input.step === 'start-consent-round' ? s.round + 1 : s.round;
  await ctx.tx.update(selections).set({ state, round, updatedAt: ctx.now }).where(eq(selections.id, s.id));
  if (input.step === 'start-consent-round') {
    const full = members.filter((m) => m.participation === 'full').map((m) => m.personId);
    await notify(ctx.tx, ctx.now, full, { text: 'Your consent or objection is needed on a proposed candidate for a hat', href: `/selections/${s.id}` });
  }
  await ctx.emit({ type: `selection.${input.step}`, subjectType: 'selection', subjectId: s.id, data: { state } });
  return { state };
}

/** The facilitator proposes a candidate and the start of the term (again after objections). */
export async function proposeCandidate(ctx: Ctx, raw: Record<string, unknown> & { selectionId: string }): Promise<void> {
  const { s, members } = await lock(ctx, raw.selectionId);
  await assertFacilitates(ctx, s, members, 'proposes the candidate');
  const state = nextSelectionState('propose', s.state);
  const v = parseInput(proposeInput, raw);
  const [hat] = await ctx.tx.select().from(hatDefinitions).where(eq(hatDefinitions.id, s.hatId));
  const hatMembers = hat && hat.circleId !== s.circleId ? await circleMembership(ctx.tx, hat.circleId, ctx.now) : [];
  if (!members.some((m) => m.personId === v.candidateId) && !hatMembers.some((m) => m.personId === v.candidateId)) {
    throw new Invalid({ candidateId: 'Choose someone in the circle' });
  }
  if (addMonths(v.termStart, hat?.termMonths ?? 12) <= isoDate(ctx.now)) {
    throw new Invalid({ termStart: 'That term would already have ended: choose a start date so the term runs from now on' });
  }
  await ctx.tx.update(selections).set({ state, candidateId: v.candidateId, termStart: v.termStart, updatedAt: ctx.now }).where(eq(selections.id, s.id));
  await ctx.emit({ type: 'selection.proposed', subjectType: 'selection', subjectId: s.id, data: { candidateId: v.candidateId } });
}

export async function respondToSelection(ctx: Ctx, raw: Record<string, unknown> & { selectionId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  const { s, members } = await lock(ctx, raw.selectionId);
  const v = parseInput(respondInput, raw);
  const personId = v.personId ?? actor.personId;
  // Nobody answers for another person except a meeting's facilitator, on the meeting's record.
  const onRecord = personId === actor.personId ? null : await assertMayAnswerFor(ctx.tx, { actor, circleId: s.circleId, meetingId: v.meetingId, personId, members });
  if (participation(members, personId) !== 'full') throw new NotAllowed('Only full participants consent or object.');
  assertSelectionStep('respond', s.state);
  const values = { response: v.response, concern: v.response === 'consent' ? v.concern : null, reason: v.response === 'objection' ? v.reason : null, recordedBy: actor.personId, meetingId: onRecord?.meetingId ?? null, createdAt: ctx.now, disputedAt: null };
  await ctx.tx
    .insert(selectionResponses)
    .values({ id: newId(), selectionId: s.id, round: s.round, personId, ...values })
    .onConflictDoUpdate({ target: [selectionResponses.selectionId, selectionResponses.round, selectionResponses.personId], set: values });
  await ctx.emit({ type: 'selection.responded', subjectType: 'selection', subjectId: s.id, data: { personId, response: v.response, recordedBy: actor.personId } });
  if (onRecord) {
    await notify(ctx.tx, ctx.now, [personId], { text: `${actor.name} recorded your ${v.response} to a candidate for a hat at the meeting. If that is not what you said, dispute it.`, href: `/selections/${s.id}` });
  }
}

/** Every full participant consented: appointed, with the hat and a logbook entry in the same transaction. */
export async function closeSelectionRound(ctx: Ctx, input: { selectionId: string }): Promise<{ state: 'appointed' | 'objections' }> {
  const actor = requireActor(ctx.actor);
  const { s, members } = await lock(ctx, input.selectionId);
  await assertFacilitates(ctx, s, members, 'closes the round');
  assertSelectionStep('close-round', s.state);
  // A disputed answer does not count.
  const answers = await ctx.tx.select().from(selectionResponses).where(and(eq(selectionResponses.selectionId, s.id), eq(selectionResponses.round, s.round), isNull(selectionResponses.disputedAt)));
  const full = members.filter((m) => m.participation === 'full').map((m) => m.personId);
  const objected = answers.some((a) => a.response === 'objection' && full.includes(a.personId));
  const missing = full.filter((p) => !answers.some((a) => a.personId === p));
  if (!objected && missing.length > 0) throw new Invalid({ _form: `${missing.length} full participants have not answered yet` });
  if (objected) {
    await ctx.tx.update(selections).set({ state: 'objections', updatedAt: ctx.now }).where(eq(selections.id, s.id));
    await ctx.emit({ type: 'selection.objections', subjectType: 'selection', subjectId: s.id });
    return { state: 'objections' };
  }
  const [hat] = await ctx.tx.select().from(hatDefinitions).where(eq(hatDefinitions.id, s.hatId));
  const termStart = s.termStart ?? isoDate(ctx.now);
  // The hat's own rules (Leader is never also Delegate) are enforced by assignHat.
  await assignHat({ ...ctx, actor: system }, { hatId: s.hatId, personId: s.candidateId as string, termStart, chosenBy: 'election' });
  const names = new Map((await ctx.tx.select({ id: people.id, name: people.name }).from(people)).map((p) => [p.id, p.name]));
  const noms = await ctx.tx.select().from(nominations).where(eq(nominations.selectionId, s.id));
  const allAnswers = await ctx.tx.select().from(selectionResponses).where(eq(selectionResponses.selectionId, s.id));
  const { entryId } = await recordLogbookEntry(ctx, {
    circleId: s.circleId,
    kind: 'selection',
    title: `${names.get(s.candidateId as string)} selected as ${hat?.name}`,
    text: `${names.get(s.candidateId as string)} wears the ${hat?.name} hat from ${termStart} to ${addMonths(termStart, hat?.termMonths ?? 12)}.`,
    authorId: actor.via === 'system' ? null : actor.personId,
    sourceType: 'selection',
    sourceId: s.id,
    history: [
      ...noms.map((n) => ({ type: 'nomination', by: names.get(n.nominatorId), nominee: names.get(n.nomineeId), reason: n.reason, changeReason: n.changeReason })),
      ...allAnswers.map((a) => ({ type: 'response', round: a.round, by: names.get(a.personId), response: a.response, concern: a.concern, reason: a.reason })),
    ],
    reviewDate: addMonths(termStart, hat?.reviewMonths ?? 6),
  });
  await ctx.tx.update(selections).set({ state: 'appointed', logbookEntryId: entryId, updatedAt: ctx.now }).where(eq(selections.id, s.id));
  await ctx.emit({ type: 'selection.appointed', subjectType: 'selection', subjectId: s.id, data: { candidateId: s.candidateId } });
  return { state: 'appointed' };
}
