import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { isoDate } from '../../circles/dates.ts';
import { getCircle } from '../../circles/queries.ts';
import { people } from '../../people/schema.ts';
import { teams } from '../../teams/schema.ts';
import { finished, isStage, isStarterStep, nextState, starterStepNames } from '../machine.ts';
import { canRunEnquiries, starterPeople } from '../policy.ts';
import { type StageRecords, firstContactRecord, stageRecordSchemas } from '../records.ts';
import { type Enquiry, starterEnquiries } from '../schema.ts';
import { scheduleCheckInReminder } from './check-in-reminders.ts';

/** How long after first contact the first check-in falls when none is chosen (ours). */
export const FIRST_CHECK_IN_DAYS = 14;

export const checkInInput = z.object({
  nextCheckIn: z.iso.date({ error: 'Enter the next check-in date, like 2027-03-20' }),
});
export const moveInput = z.object({ step: z.enum(starterStepNames as [string, ...string[]], { error: 'Choose what happens next' }) });
export const linkInput = z.object({ personId: z.uuid({ error: 'Choose the person getting support' }) });

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Run two validations and report every problem together, so a form shows them all at once. */
function together<A, B>(a: () => A, b: () => B): [A, B] {
  const fields: Record<string, string> = {};
  const attempt = <T,>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      Object.assign(fields, error.fields);
      return undefined;
    }
  };
  const ra = attempt(a);
  const rb = attempt(b);
  if (Object.keys(fields).length > 0) throw new Invalid(fields);
  return [ra as A, rb as B];
}

function checkInDate(ctx: Ctx, raw: Record<string, unknown>, fallback: string): { nextCheckIn: string } {
  const given = raw.nextCheckIn === undefined || raw.nextCheckIn === '' ? { nextCheckIn: fallback } : parseInput(checkInInput, raw);
  if (given.nextCheckIn < isoDate(ctx.now)) throw new Invalid({ nextCheckIn: 'Choose today or a later date for the next check-in' });
  return given;
}

/**
 * Lock an enquiry for a change by one of its circle's Team Starters or Coaches. Anyone else
 * is told it does not exist, except the person it is for, who may read it but not run it.
 */
export async function lockEnquiry(ctx: Ctx, id: unknown): Promise<Enquiry> {
  const actor = requireActor(ctx.actor);
  const [enquiry] = isUuid(id) ? await ctx.tx.select().from(starterEnquiries).where(eq(starterEnquiries.id, id)).for('update') : [];
  if (!enquiry) throw new NotFound('That enquiry was not found.');
  if (!canRunEnquiries(actor, await starterPeople(ctx.tx, enquiry.circleId, ctx.now))) {
    if (enquiry.personId === actor.personId) throw new NotAllowed("Your Local Circle's Team Starter keeps this record; ask them to change it.");
    throw new NotFound('That enquiry was not found.');
  }
  return enquiry;
}

/** Stage 1: a Team Starter or Coach of a Local Circle records a first contact. */
export async function createEnquiry(ctx: Ctx, raw: Record<string, unknown> & { circleId: string }): Promise<{ enquiryId: string }> {
  const actor = requireActor(ctx.actor);
  const circle = await getCircle(ctx.tx, raw.circleId);
  if (!circle || circle.kind !== 'circle') throw new NotFound('That Local Circle was not found.');
  if (!canRunEnquiries(actor, await starterPeople(ctx.tx, circle.id, ctx.now))) throw new NotAllowed("Only the circle's Team Starters and Coaches take enquiries.");
  const fallback = addDays(isoDate(ctx.now), FIRST_CHECK_IN_DAYS);
  const [record, { nextCheckIn }] = together(() => parseInput(firstContactRecord, raw), () => checkInDate(ctx, raw, fallback));
  const enquiryId = newId();
  const records: StageRecords = { first_contact: { ...record, savedAt: ctx.now.toISOString(), savedBy: actor.personId } };
  await ctx.tx.insert(starterEnquiries).values({ id: enquiryId, circleId: circle.id, records, nextCheckIn, createdBy: actor.personId, createdAt: ctx.now, updatedAt: ctx.now });
  await scheduleCheckInReminder(ctx.tx, enquiryId, nextCheckIn, ctx.now);
  await ctx.emit({ type: 'starter.enquiry-created', subjectType: 'starter-enquiry', subjectId: enquiryId, data: { circleId: circle.id } });
  return { enquiryId };
}

/** Record what the current stage has learned; saving again replaces the stage's earlier answers. */
export async function recordStage(ctx: Ctx, raw: Record<string, unknown> & { enquiryId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  const enquiry = await lockEnquiry(ctx, raw.enquiryId);
  const stage = enquiry.state;
  if (!isStage(stage)) throw new Conflict('Nothing is recorded while the enquiry is paused or finished: take it up again first.');
  const value = parseInput(stageRecordSchemas[stage], raw) as object;
  const records = { ...enquiry.records, [stage]: { ...value, savedAt: ctx.now.toISOString(), savedBy: actor.personId } };
  await ctx.tx.update(starterEnquiries).set({ records, updatedAt: ctx.now }).where(eq(starterEnquiries.id, enquiry.id));
  await ctx.emit({ type: 'starter.stage-recorded', subjectType: 'starter-enquiry', subjectId: enquiry.id, data: { stage } });
}

/** One step through the table in machine.ts; an illegal step is a Conflict and changes nothing. */
export async function moveEnquiry(ctx: Ctx, raw: Record<string, unknown> & { enquiryId: string }): Promise<{ state: Enquiry['state'] }> {
  const enquiry = await lockEnquiry(ctx, raw.enquiryId);
  const { step } = parseInput(moveInput, raw);
  if (!isStarterStep(step)) throw new Invalid({ step: 'Choose what happens next' });
  const [team] = enquiry.teamId ? await ctx.tx.select({ selfManagingAt: teams.selfManagingAt }).from(teams).where(eq(teams.circleId, enquiry.teamId)) : [];
  const state = nextState(step, enquiry.state, enquiry.resumeState, { records: enquiry.records, teamId: enquiry.teamId, teamSelfManaging: !!team?.selfManagingAt });
  const pausing = state === 'on_hold' || state === 'waitlisted';
  const resumeState = pausing ? (isStage(enquiry.state) ? enquiry.state : enquiry.resumeState) : null;
  await ctx.tx.update(starterEnquiries).set({ state, resumeState, updatedAt: ctx.now }).where(eq(starterEnquiries.id, enquiry.id));
  await ctx.emit({ type: 'starter.moved', subjectType: 'starter-enquiry', subjectId: enquiry.id, data: { step, from: enquiry.state, to: state } });
  return { state };
}

/** Set the next check-in; the circle's Team Starters are reminded when it falls due. */
export async function setCheckIn(ctx: Ctx, raw: Record<string, unknown> & { enquiryId: string }): Promise<{ nextCheckIn: string }> {
  const enquiry = await lockEnquiry(ctx, raw.enquiryId);
  if (finished.includes(enquiry.state) && enquiry.state !== 'self_managing') throw new Conflict('This enquiry has ended: it has no more check-ins.');
  if (raw.nextCheckIn === undefined || raw.nextCheckIn === '') throw new Invalid({ nextCheckIn: 'Enter the next check-in date, like 2027-03-20' });
  const { nextCheckIn } = checkInDate(ctx, raw, '');
  await ctx.tx.update(starterEnquiries).set({ nextCheckIn, updatedAt: ctx.now }).where(eq(starterEnquiries.id, enquiry.id));
  await scheduleCheckInReminder(ctx.tx, enquiry.id, nextCheckIn, ctx.now);
  await ctx.emit({ type: 'starter.check-in-set', subjectType: 'starter-enquiry', subjectId: enquiry.id, data: { nextCheckIn } });
  return { nextCheckIn };
}

/** Link the person the support is for, once they are a person in the co-op: from then on they see their own enquiry. */
export async function linkPerson(ctx: Ctx, raw: Record<string, unknown> & { enquiryId: string }): Promise<void> {
  const enquiry = await lockEnquiry(ctx, raw.enquiryId);
  const { personId } = parseInput(linkInput, raw);
  if (finished.includes(enquiry.state)) throw new Conflict('This enquiry has ended.');
  if (enquiry.teamId) throw new Conflict('The team has started: its owner cannot change.');
  const [person] = await ctx.tx.select({ id: people.id }).from(people).where(eq(people.id, personId));
  if (!person) throw new Invalid({ personId: 'That person is not in the co-op yet: invite them first' });
  await ctx.tx.update(starterEnquiries).set({ personId, updatedAt: ctx.now }).where(eq(starterEnquiries.id, enquiry.id));
  await ctx.emit({ type: 'starter.person-linked', subjectType: 'starter-enquiry', subjectId: enquiry.id, data: { personId } });
}
