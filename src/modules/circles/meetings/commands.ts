import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { enqueue, registerJob } from '../../../platform/jobs.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { dateTimeField, describeInstant, wallClock } from '../../../platform/zoned-time.ts';
import { people } from '../../people/schema.ts';
import { recordLogbookEntry } from '../commands/record-logbook-entry.ts';
import { circleHats, circleMembership, getCircle } from '../queries.ts';
import { roleHolders } from '../roles.ts';
import { type MeetingStep, assertMeetingStep } from './machine.ts';
import { type Attendee, agendaItems, meetings } from './schema.ts';

export const scheduleInput = z.object({
  startsAt: dateTimeField('Enter the date and time, like 2027-03-20T18:00'),
  place: z.string({ error: 'Say where, or give the call link' }).trim().min(1, 'Say where, or give the call link').max(500, 'Place must be 500 characters or fewer'),
});
export const itemInput = z.object({
  kind: z.enum(['proposal', 'review', 'selection', 'report'], { error: 'Choose the kind of item' }),
  title: z.string().trim().min(1, 'Give the item a title').max(200, 'Title must be 200 characters or fewer'),
  confidential: z.union([z.literal('on'), z.literal('true'), z.boolean()]).optional().transform((v) => v === 'on' || v === 'true' || v === true),
});
export const recordInput = z.object({
  personId: z.uuid('Choose a person').optional(),
  role: z.enum(['member', 'guest', 'apology']).optional(),
  opening: z.string().trim().max(1000).optional(),
  closing: z.string().trim().max(1000).optional(),
  itemId: z.uuid().optional(),
  notes: z.string().trim().max(10000).optional(),
});
export const minutesInput = z.object({ minutes: z.string().trim().max(50000).optional() });

/** The Facilitator, the Secretary and every full participant may run the circle's meetings. */
async function mayRun(ctx: Ctx, circleId: string): Promise<boolean> {
  const actor = requireActor(ctx.actor);
  if (actor.isAdmin) return true;
  const full = (await circleMembership(ctx.tx, circleId, ctx.now)).some((m) => m.personId === actor.personId && m.participation === 'full');
  const stewards = (await circleHats(ctx.tx, circleId, ctx.now)).filter((h) => h.role === 'facilitator' || h.role === 'secretary').flatMap((h) => h.holders.map((x) => x.personId));
  return full || stewards.includes(actor.personId);
}

async function lock(ctx: Ctx, id: unknown, step: MeetingStep) {
  if (!isUuid(id)) throw new NotFound('That meeting was not found.');
  const [m] = await ctx.tx.select().from(meetings).where(eq(meetings.id, id)).for('update');
  if (!m) throw new NotFound('That meeting was not found.');
  if (!(await mayRun(ctx, m.circleId))) throw new NotAllowed("Only the circle's full participants, Facilitator or Secretary run its meetings.");
  assertMeetingStep(step, m.state);
  return m;
}

export async function scheduleMeeting(ctx: Ctx, raw: Record<string, unknown> & { circleId: string }): Promise<{ meetingId: string }> {
  const actor = requireActor(ctx.actor);
  const circle = await getCircle(ctx.tx, raw.circleId);
  if (!circle) throw new NotFound('That circle was not found.');
  if (!(await mayRun(ctx, circle.id))) throw new NotAllowed("Only the circle's full participants, Facilitator or Secretary schedule its meetings.");
  const v = parseInput(scheduleInput, raw);
  const meetingId = newId();
  const startsAt = v.startsAt;
  await ctx.tx.insert(meetings).values({ id: meetingId, circleId: circle.id, startsAt, place: v.place, scheduledBy: actor.personId, createdAt: ctx.now });
  const members = (await circleMembership(ctx.tx, circle.id, ctx.now)).map((m) => m.personId);
  await notify(ctx.tx, ctx.now, members, { text: `${circle.name} meets on ${describeInstant(startsAt)} at ${v.place}`, href: `/meetings/${meetingId}` });
  await enqueue(ctx.tx, { kind: 'meeting.remind', payload: { meetingId }, runAt: new Date(Math.max(ctx.now.getTime(), startsAt.getTime() - 86_400_000)), dedupeKey: `meeting-remind:${meetingId}` });
  await ctx.emit({ type: 'meeting.scheduled', subjectType: 'circle', subjectId: circle.id, data: { meetingId } });
  return { meetingId };
}

registerJob('meeting.remind', async ({ tx, now }, payload) => {
  const [m] = await tx.select().from(meetings).where(eq(meetings.id, String(payload.meetingId)));
  if (!m || m.state !== 'scheduled') return;
  const members = (await circleMembership(tx, m.circleId, now)).map((x) => x.personId);
  await notify(tx, now, members, { text: `Reminder: your circle meets tomorrow at ${m.place}`, href: `/meetings/${m.id}` });
});

export async function addItem(ctx: Ctx, raw: Record<string, unknown> & { meetingId: string }): Promise<void> {
  const m = await lock(ctx, raw.meetingId, 'add-item');
  const v = parseInput(itemInput, raw);
  await ctx.tx.insert(agendaItems).values({ id: newId(), meetingId: m.id, ...v, createdAt: ctx.now });
  await ctx.emit({ type: 'meeting.item-added', subjectType: 'meeting', subjectId: m.id });
}

export async function moveMeeting(ctx: Ctx, input: { meetingId: string; step: 'open' | 'close' | 'cancel'; facilitatorId?: unknown }): Promise<void> {
  const m = await lock(ctx, input.meetingId, input.step);
  const state = { open: 'open', close: 'closed', cancel: 'cancelled' }[input.step] as 'open' | 'closed' | 'cancelled';
  const opening = input.step === 'open' ? { facilitatorId: await meetingFacilitator(ctx, m.circleId, input.facilitatorId), openedAt: ctx.now } : {};
  await ctx.tx.update(meetings).set({ state, ...opening }).where(eq(meetings.id, m.id));
  await ctx.emit({ type: `meeting.${input.step}`, subjectType: 'meeting', subjectId: m.id, data: opening.facilitatorId ? { facilitatorId: opening.facilitatorId } : {} });
}

/**
 * Who facilitates the meeting: the person named at the opening, or else the holder of the
 * circle's Facilitator hat, or else whoever opens it; always a full participant, since the
 * facilitator records answers for the people present.
 */
async function meetingFacilitator(ctx: Ctx, circleId: string, named: unknown): Promise<string> {
  const actor = requireActor(ctx.actor);
  const members = await circleMembership(ctx.tx, circleId, ctx.now);
  const isFull = (id: string) => members.some((m) => m.personId === id && m.participation === 'full');
  // The hat's holder facilitates by default only while a full participant (a learning one may hold it to learn).
  const hatHolder = (await roleHolders(ctx.tx, circleId, ['facilitator'], ctx.now)).find(isFull);
  const chosen = isUuid(named) ? named : (hatHolder ?? actor.personId);
  if (!isFull(chosen)) {
    throw new Invalid({ facilitatorId: 'The facilitator must be a full participant of the circle' });
  }
  return chosen;
}

/** Anyone in the circle checks themselves in to an open meeting: present on their own word. */
export async function checkIn(ctx: Ctx, input: { meetingId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  if (!isUuid(input.meetingId)) throw new NotFound('That meeting was not found.');
  const [m] = await ctx.tx.select().from(meetings).where(eq(meetings.id, input.meetingId)).for('update');
  if (!m) throw new NotFound('That meeting was not found.');
  const me = (await circleMembership(ctx.tx, m.circleId, ctx.now, [actor.personId]))[0];
  if (!me) throw new NotAllowed('Only people in the circle check in to its meetings.');
  assertMeetingStep('record', m.state);
  const before = m.attendance.find((a) => a.personId === actor.personId);
  const entry: Attendee = { ...before, personId: actor.personId, name: actor.name, role: me.participation === 'guest' ? 'guest' : 'member', recordedBy: actor.personId };
  await ctx.tx.update(meetings).set({ attendance: [...m.attendance.filter((a) => a.personId !== actor.personId), entry] }).where(eq(meetings.id, m.id));
  await ctx.emit({ type: 'meeting.checked-in', subjectType: 'meeting', subjectId: m.id, data: { personId: actor.personId } });
}

/** During the meeting: who is present (or sent apologies), their opening and closing rounds, each item's notes. */
export async function recordInMeeting(ctx: Ctx, raw: Record<string, unknown> & { meetingId: string }): Promise<void> {
  const m = await lock(ctx, raw.meetingId, 'record');
  const v = parseInput(recordInput, raw);
  if (v.personId) {
    const [person] = await ctx.tx.select({ id: people.id, name: people.name }).from(people).where(eq(people.id, v.personId));
    if (!person) throw new Invalid({ personId: 'That person does not exist' });
    const others = m.attendance.filter((a) => a.personId !== person.id);
    const before = m.attendance.find((a) => a.personId === person.id);
    // Who recorded the presence is kept: only a person's own check-in makes them a witness.
    const recordedBy = before?.recordedBy === person.id && !v.role ? person.id : requireActor(ctx.actor).personId;
    const entry: Attendee = { personId: person.id, name: person.name, role: v.role ?? before?.role ?? 'member', recordedBy, opening: v.opening || before?.opening, closing: v.closing || before?.closing };
    await ctx.tx.update(meetings).set({ attendance: [...others, entry] }).where(eq(meetings.id, m.id));
  }
  if (v.itemId) {
    const done = await ctx.tx.update(agendaItems).set({ notes: v.notes ?? '' }).where(eq(agendaItems.id, v.itemId)).returning({ meetingId: agendaItems.meetingId });
    if (done[0]?.meetingId !== m.id) throw new Invalid({ itemId: 'That item is not on this agenda' });
  }
  await ctx.emit({ type: 'meeting.recorded', subjectType: 'meeting', subjectId: m.id });
}

/** Minutes are drafted from what the rounds and items recorded; the Secretary may edit the text. */
export async function draftMinutes(ctx: Ctx, raw: Record<string, unknown> & { meetingId: string }): Promise<{ minutes: string }> {
  const m = await lock(ctx, raw.meetingId, 'draft-minutes');
  const v = parseInput(minutesInput, raw);
  const minutes = v.minutes || (await composeMinutes(ctx, m.id, false));
  await ctx.tx.update(meetings).set({ state: 'minutes_drafted', minutes }).where(eq(meetings.id, m.id));
  await ctx.emit({ type: 'meeting.minutes-drafted', subjectType: 'meeting', subjectId: m.id });
  return { minutes };
}

export async function composeMinutes(ctx: Ctx, meetingId: string, confidentialOnly: boolean): Promise<string> {
  const [m] = await ctx.tx.select().from(meetings).where(eq(meetings.id, meetingId));
  const items = await ctx.tx.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.createdAt));
  const who = (role: string) => (m?.attendance ?? []).filter((a) => a.role === role).map((a) => a.name).join(', ') || 'none';
  const lines = confidentialOnly
    ? []
    : [`Present: ${who('member')}.`, `Guests: ${who('guest')}.`, `Apologies: ${who('apology')}.`, '', 'Opening round:', ...(m?.attendance ?? []).filter((a) => a.opening).map((a) => `- ${a.name}: ${a.opening}`), ''];
  for (const [i, item] of items.filter((x) => x.confidential === confidentialOnly).entries()) lines.push(`${i + 1}. ${item.title} (${item.kind})`, item.notes ? `   ${item.notes}` : '   No notes recorded.');
  if (!confidentialOnly) lines.push('', 'Closing round:', ...(m?.attendance ?? []).filter((a) => a.closing).map((a) => `- ${a.name}: ${a.closing}`));
  return lines.join('\n');
}

/**
 * Approved minutes are published to the logbook for every member as the Secretary left them
 * (the draft is composed without the confidential items; lines marked "(confidential)" are
 * left out); confidential items go in a separate confidential entry that only the circle sees.
 */
export async function approveMinutes(ctx: Ctx, input: { meetingId: string }): Promise<{ logbookEntryId: string }> {
  const actor = requireActor(ctx.actor);
  const m = await lock(ctx, input.meetingId, 'approve');
  const hasConfidential = (await ctx.tx.select().from(agendaItems).where(eq(agendaItems.meetingId, m.id))).some((i) => i.confidential);
  const publicText = hasConfidential ? (m.minutes ?? '').split('\n').filter((line) => !line.includes('(confidential)')).join('\n') : (m.minutes ?? '');
  const title = `Minutes of ${wallClock(m.startsAt).date}`;
  const { entryId } = await recordLogbookEntry(ctx, { circleId: m.circleId, kind: 'minutes', title, text: publicText, authorId: actor.via === 'system' ? null : actor.personId, sourceType: 'meeting', sourceId: m.id, reviewDate: null });
  if (hasConfidential) {
    await recordLogbookEntry(ctx, { circleId: m.circleId, kind: 'minutes', title: `${title} (confidential items)`, text: await composeMinutes(ctx, m.id, true), authorId: null, sourceType: 'meeting', sourceId: m.id, reviewDate: null, confidential: true });
  }
  await ctx.tx.update(meetings).set({ state: 'minutes_approved', approvedBy: actor.via === 'system' ? null : actor.personId, logbookEntryId: entryId }).where(eq(meetings.id, m.id));
  await ctx.emit({ type: 'meeting.minutes-approved', subjectType: 'meeting', subjectId: m.id, data: { entryId } });
  return { logbookEntryId: entryId };
}
