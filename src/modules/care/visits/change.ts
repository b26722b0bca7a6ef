import { and, eq, gte } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { type CareFacts, isOwnerSide, isVolunteer } from '../policy.ts';
import { visitSeries, visitSupporters, visits } from '../schema.ts';
import { kindWords, teamForCare, teamForVisit } from './book.ts';
import { type Visit, finishVisit, scheduleVisitJobs, supportersOf } from './engine.ts';
import { cancelInput, cancelSeriesInput, personInput, rearrangeInput, slotTimes } from './input.ts';
import { assertVisitStep } from './machine.ts';
import { describeSlot, zonedToUtc } from './times.ts';

type Input = Record<string, unknown> & { visitId: string };

/**
 * A visit and its team's facts, locked for the change; 404 for anyone outside the team. A
 * person on trial named on a trial visit only ends it (`trialist`): every other change is the team's.
 */
export async function visitForChange(ctx: Ctx, visitId: unknown, allow: { trialist?: boolean } = {}): Promise<{ visit: Visit; f: CareFacts; supporterIds: string[] }> {
  const [visit] = isUuid(visitId) ? await ctx.tx.select().from(visits).where(eq(visits.id, visitId)).for('update') : [];
  if (!visit) throw new NotFound('That visit was not found.');
  const supporterIds = (await supportersOf(ctx.tx, [visit.id])).get(visit.id) ?? [];
  const { f, onTrialHere } = await teamForVisit(ctx, visit, supporterIds);
  if (onTrialHere && !allow.trialist) throw new NotAllowed("The owner or their advocate changes a trial visit: ask them to.");
  return { visit, f, supporterIds };
}

/** Tell the owner's side and the supporters, but not whoever made the change. */
async function tellTeam(ctx: Ctx, f: CareFacts, supporterIds: string[], text: string, href: string): Promise<void> {
  const who = [f.team.ownerId, ...(f.advocateId ? [f.advocateId] : []), ...supporterIds].filter((id) => id !== ctx.actor?.personId);
  await notify(ctx.tx, ctx.now, who, { text, href });
}

/** Move a booked visit to a new time, with a reason. It will be reminded again for the new time. */
export async function rearrangeVisit(ctx: Ctx, raw: Input): Promise<void> {
  const { visit, f, supporterIds } = await visitForChange(ctx, raw.visitId);
  assertVisitStep('rearrange', visit.state);
  const v = parseInput(rearrangeInput, raw);
  const { startsAt, endsAt } = slotTimes(v, ctx.now);
  await ctx.tx.update(visits).set({ startsAt, endsAt, rearrangeReason: v.reason, remindedAt: null, updatedAt: ctx.now }).where(eq(visits.id, visit.id));
  await scheduleVisitJobs(ctx.tx, ctx.now, { id: visit.id, startsAt, endsAt });
  const was = describeSlot(visit.startsAt, visit.endsAt);
  const now = describeSlot(startsAt, endsAt);
  await ctx.emit({ type: 'team.visit-rearranged', subjectType: 'circle', subjectId: f.team.id, data: { visitId: visit.id, from: visit.startsAt.toISOString(), to: startsAt.toISOString(), chatText: `${kindWords[visit.kind].replace(/^A /, 'The ')} on ${was} was moved to ${now}.` } });
  await tellTeam(ctx, f, supporterIds, `${f.team.name}: the visit on ${was} has moved to ${now}`, `/visits/${visit.id}`);
}

/** Cancel one visit with a reason. It stays on the rota, marked cancelled. */
export async function cancelVisit(ctx: Ctx, raw: Input): Promise<void> {
  const { visit, f, supporterIds } = await visitForChange(ctx, raw.visitId);
  assertVisitStep('cancel', visit.state);
  const v = parseInput(cancelInput, raw);
  await ctx.tx.update(visits).set({ state: 'cancelled', cancelReason: v.reason, updatedAt: ctx.now }).where(eq(visits.id, visit.id));
  const when = describeSlot(visit.startsAt, visit.endsAt);
  await ctx.emit({ type: 'team.visit-cancelled', subjectType: 'circle', subjectId: f.team.id, data: { visitId: visit.id, chatText: `${kindWords[visit.kind].replace(/^A /, 'The ')} on ${when} was cancelled.` } });
  await tellTeam(ctx, f, supporterIds, `${f.team.name}: the visit on ${when} is cancelled`, `/visits/${visit.id}`);
}

/**
 * Stop a repeating series from a date: every booked visit of it from that day on is cancelled
 * with the reason, and the series writes no more.
 */
export async function cancelSeries(ctx: Ctx, raw: Record<string, unknown> & { seriesId: string }): Promise<{ cancelled: number }> {
  const [series] = isUuid(raw.seriesId) ? await ctx.tx.select().from(visitSeries).where(eq(visitSeries.id, raw.seriesId)).for('update') : [];
  if (!series) throw new NotFound('That series of visits was not found.');
  const f = await teamForCare(ctx, series.teamId);
  const v = parseInput(cancelSeriesInput, raw);
  const from = zonedToUtc(v.from, '00:00');
  if (series.endedAt && series.endedAt <= from) throw new Conflict('This series already stops before that date.');
  const cancelled = await ctx.tx.update(visits).set({ state: 'cancelled', cancelReason: v.reason, updatedAt: ctx.now })
    .where(and(eq(visits.seriesId, series.id), eq(visits.state, 'booked'), gte(visits.startsAt, from))).returning({ id: visits.id });
  await ctx.tx.update(visitSeries).set({ endedAt: from }).where(eq(visitSeries.id, series.id));
  const supporters = [...new Set([...(await supportersOf(ctx.tx, cancelled.map((c) => c.id))).values()].flat())];
  const day = describeSlot(from, new Date(from.getTime() + 60_000)).split(',')[0];
  await ctx.emit({ type: 'team.visits-cancelled', subjectType: 'circle', subjectId: f.team.id, data: { seriesId: series.id, from: v.from, visitIds: cancelled.map((c) => c.id), chatText: `The repeating visits from ${day} on were cancelled (${cancelled.length} booked).` } });
  await tellTeam(ctx, f, supporters, `${f.team.name}: the repeating visits from ${day} on are cancelled`, `/teams/${f.team.id}/visits`);
  return { cancelled: cancelled.length };
}

/**
 * Put someone on a visit: yourself, or (for the owner's side and whoever booked it) another
 * member of the team. Never the owner, and never a volunteer on a paid visit.
 */
export async function joinVisit(ctx: Ctx, raw: Input): Promise<void> {
  const { visit, f, supporterIds } = await visitForChange(ctx, raw.visitId);
  const personId = whoFor(ctx, f, visit, parseInput(personInput, raw).personId);
  assertVisitStep('join', visit.state);
  if (personId === f.team.ownerId || !f.memberIds.includes(personId)) throw new Conflict('Only members of the team supporting its owner can come to a visit.');
  if (visit.kind === 'paid' && isVolunteer(f, personId)) throw new NotAllowed('A volunteer cannot be put on a paid visit.');
  if (supporterIds.includes(personId)) throw new Conflict('They are already coming to this visit.');
  await ctx.tx.insert(visitSupporters).values({ visitId: visit.id, startsAt: visit.startsAt, personId, joinedAt: ctx.now });
  await ctx.emit({ type: 'care.visit-joined', subjectType: 'visit', subjectId: visit.id, data: { teamId: f.team.id, personId } });
}

/** Take someone off a visit: yourself, or anyone for the owner's side and whoever booked it. */
export async function leaveVisit(ctx: Ctx, raw: Input): Promise<void> {
  const { visit, f, supporterIds } = await visitForChange(ctx, raw.visitId);
  const personId = whoFor(ctx, f, visit, parseInput(personInput, raw).personId);
  assertVisitStep('leave', visit.state);
  if (!supporterIds.includes(personId)) throw new Conflict('They are not down for this visit.');
  await ctx.tx.delete(visitSupporters).where(and(eq(visitSupporters.visitId, visit.id), eq(visitSupporters.personId, personId)));
  await ctx.emit({ type: 'care.visit-left', subjectType: 'visit', subjectId: visit.id, data: { teamId: f.team.id, personId } });
}

function whoFor(ctx: Ctx, f: CareFacts, visit: Visit, personId: string | null): string {
  const me = (ctx.actor as NonNullable<Ctx['actor']>).personId;
  if (!personId || personId === me) return me;
  if (!isOwnerSide(ctx.actor, f) && visit.createdBy !== me) throw new NotAllowed('Only the owner, their advocate or whoever booked the visit changes who else is coming.');
  return personId;
}

/**
 * Mark a visit ended: a supporter on it or the owner's side, once it has started. Ended early,
 * its end becomes now. Pending care logs are opened for its supporters.
 */
export async function endVisit(ctx: Ctx, raw: Input): Promise<{ endsAt: Date }> {
  const { visit, f, supporterIds } = await visitForChange(ctx, raw.visitId, { trialist: true });
  const me = (ctx.actor as NonNullable<Ctx['actor']>).personId;
  if (!isOwnerSide(ctx.actor, f) && !supporterIds.includes(me)) throw new NotAllowed('Only someone at the visit, or the owner or their advocate, marks it ended.');
  assertVisitStep('end', visit.state);
  if (ctx.now <= visit.startsAt) throw new Conflict('This visit has not started yet.');
  const endsAt = ctx.now < visit.endsAt ? ctx.now : visit.endsAt;
  // A care log counts whole minutes: under half a minute would be a log of no time at all.
  if (Math.round((endsAt.getTime() - visit.startsAt.getTime()) / 60_000) < 1) {
    throw new Conflict('This visit started less than a minute ago: end it once a minute has passed, or cancel it if it is not happening.');
  }
  await finishVisit(ctx, visit.id, endsAt);
  return { endsAt };
}
