import { inArray } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { people } from '../../people/schema.ts';
import { promiseAccepted } from '../../teams/commands/team.ts';
import { type CareFacts, careFacts, isInTeam, isOnTrial, isVolunteer } from '../policy.ts';
import { type VisitKind, visitSeries, visits } from '../schema.ts';
import { addSupporters, extendSeries, scheduleVisitJobs } from './engine.ts';
import { bookInput, repeatEnd, slotTimes } from './input.ts';
import { occurrences, ruleText, weekdayCodes } from './recurrence.ts';
import { describeSlot, wallClock } from './times.ts';

export const kindWords: Record<VisitKind, string> = { paid: 'A visit', volunteer: 'A volunteer visit', trial: 'A trial visit', meeting: 'A team meeting' };
const kindPlurals: Record<VisitKind, string> = { paid: 'Repeating visits', volunteer: 'Repeating volunteer visits', trial: 'Repeating trial visits', meeting: 'Repeating team meetings' };

/** The team's facts, or 404 for anyone outside it (admins included: care is the team's own business). */
export async function teamForCare(ctx: Ctx, teamId: unknown): Promise<CareFacts> {
  const f = await careFacts(ctx.tx, teamId, ctx.now);
  if (!isInTeam(ctx.actor, f)) throw new NotFound('That team was not found.');
  return f;
}

/**
 * A visit's team for someone reading or acting on the visit: the team's people, and a person
 * on trial named on this trial visit, who sees it and marks it ended (DOMAIN.md 4) but changes
 * nothing else. Anyone else is told it does not exist.
 */
export async function teamForVisit(ctx: Ctx, visit: { teamId: string; kind: VisitKind }, supporterIds: string[]): Promise<{ f: CareFacts; onTrialHere: boolean }> {
  const f = await careFacts(ctx.tx, visit.teamId, ctx.now);
  const me = ctx.actor?.personId;
  const onTrialHere = !!me && visit.kind === 'trial' && isOnTrial(f, me) && supporterIds.includes(me);
  if (!isInTeam(ctx.actor, f) && !onTrialHere) throw new NotFound('That visit was not found.');
  return { f, onTrialHere };
}

/**
 * Who may be on a visit: the team's members other than its owner (the person supported), a
 * person on trial on a trial visit, and never a volunteer on a paid visit (DOMAIN.md 4, 5).
 * Throws Invalid against `field`.
 */
export async function checkSupporters(ctx: Ctx, f: CareFacts, kind: VisitKind, ids: string[], field: string): Promise<void> {
  const onTrialHere = (id: string) => kind === 'trial' && isOnTrial(f, id);
  if (ids.some((id) => id === f.team.ownerId || (!f.memberIds.includes(id) && !onTrialHere(id)))) {
    throw new Invalid({ [field]: ids.some((id) => isOnTrial(f, id)) ? 'Someone on trial comes on trial visits only' : 'Choose people who are in the team, or on trial with it' });
  }
  const volunteers = ids.filter((id) => isVolunteer(f, id));
  if (kind === 'paid' && volunteers.length) {
    const names = (await ctx.tx.select({ name: people.name }).from(people).where(inArray(people.id, volunteers))).map((p) => p.name);
    throw new Invalid({ [field]: `${names.join(' and ')} ${names.length > 1 ? 'are volunteers' : 'is a volunteer'}: a volunteer cannot be on a paid visit` });
  }
}

/**
 * Book a visit for a team: once, or repeating (daily or weekly on chosen days, to a last
 * date or a number of times). Only the team's own people book, and only once the team has
 * accepted the Promise. A series is written out as visits up to the horizon.
 */
export async function bookVisit(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<{ visitId: string; seriesId: string | null; count: number }> {
  const f = await teamForCare(ctx, raw.teamId);
  const actor = ctx.actor as NonNullable<Ctx['actor']>;
  if (!(await promiseAccepted(ctx.tx, f.team.id))) throw new Conflict(`Visits can be booked once ${f.team.name} has accepted the Getting Support Promise.`);
  const v = parseInput(bookInput, raw);
  const { startsAt, endsAt } = slotTimes(v, ctx.now);
  const supporterIds = [...new Set(v.supporterIds)];
  await checkSupporters(ctx, f, v.kind, supporterIds, 'supporterIds');
  const base = { teamId: f.team.id, kind: v.kind, place: v.place, notes: v.notes, createdBy: actor.personId, createdAt: ctx.now };

  let visitId: string;
  let seriesId: string | null = null;
  let count = 1;
  let chatText: string;
  if (v.repeat === 'none') {
    visitId = newId();
    const row = { ...base, id: visitId, startsAt, endsAt, state: 'booked' as const, updatedAt: ctx.now };
    await ctx.tx.insert(visits).values(row);
    await addSupporters(ctx.tx, ctx.now, [row], supporterIds);
    await scheduleVisitJobs(ctx.tx, ctx.now, row);
    chatText = `${kindWords[v.kind]} was booked for ${describeSlot(startsAt, endsAt)}.`;
  } else {
    const end = repeatEnd(v);
    const local = wallClock(startsAt);
    const days = v.repeat === 'weekly' ? (v.weekdays.length ? [...new Set(v.weekdays)] : [weekdayCodes[local.weekday] as string]) : [];
    const rule = ruleText({ freq: v.repeat, weekdays: days, ...end });
    const all = occurrences(rule, local.date, local.time).filter((at) => at > ctx.now);
    const first = all[0];
    if (!first) throw new Invalid({ weekdays: 'No visit falls on those days before the last date' });
    seriesId = newId();
    const series = { ...base, id: seriesId, rule, firstStartsAt: first, durationMinutes: Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000), writtenUntil: new Date(first.getTime() - 1), endedAt: null };
    await ctx.tx.insert(visitSeries).values(series);
    count = await extendSeries(ctx.tx, ctx.now, series, supporterIds);
    const [firstVisit] = await ctx.tx.select({ id: visits.id }).from(visits).where(inArray(visits.seriesId, [seriesId])).orderBy(visits.startsAt).limit(1);
    visitId = (firstVisit as { id: string }).id;
    const often = v.repeat === 'daily' ? 'every day' : `every week on ${days.map((d) => dayNames[d]).join(', ')}`;
    chatText = `${kindPlurals[v.kind]} were booked ${often}, from ${describeSlot(first, new Date(first.getTime() + series.durationMinutes * 60_000))}.`;
  }
  await ctx.emit({ type: 'team.visit-booked', subjectType: 'circle', subjectId: f.team.id, data: { visitId, seriesId, kind: v.kind, startsAt: startsAt.toISOString(), supporterIds, chatText } });
  const others = supporterIds.filter((id) => id !== actor.personId);
  await notify(ctx.tx, ctx.now, others, { text: `You are down for ${kindWords[v.kind].toLowerCase()} with ${f.team.name}: ${describeSlot(startsAt, endsAt)}${seriesId ? ' (repeating)' : ''}`, href: `/visits/${visitId}` });
  return { visitId, seriesId, count };
}

const dayNames: Record<string, string> = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };
