import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import type { From } from '../../../platform/keyset.ts';
import { people } from '../../people/schema.ts';
import { promiseAccepted } from '../../teams/commands/team.ts';
import { type CareFacts, isOwnerSide } from '../policy.ts';
import { visits } from '../schema.ts';
import { teamForCare, teamForVisit } from './book.ts';
import { myVisitsPage } from './my-visits.ts';
import { type Visit, supportersOf } from './engine.ts';
import { addDays, mondayOf, wallClock, zonedToUtc } from './times.ts';

// Reads for the pages and the API. Visits hold times, places and who is coming: not care
// records, so reading them is not access-logged (care logs and notes are).

export interface Person { id: string; name: string }
export type VisitRow = Visit & { supporters: Person[] };

async function names(db: Db, ids: string[]): Promise<Map<string, string>> {
  const rows = ids.length ? await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, ids)) : [];
  return new Map(rows.map((r) => [r.id, r.name]));
}

const bySupporterName = (people: Person[]): Person[] => [...people].sort((a, b) => a.name.localeCompare(b.name));

/** The visits with who is coming, named from `who`. */
const named = (rows: Visit[], coming: Map<string, string[]>, who: Map<string, string>): VisitRow[] =>
  rows.map((r) => ({ ...r, supporters: bySupporterName((coming.get(r.id) ?? []).map((id) => ({ id, name: who.get(id) ?? '' }))) }));

/**
 * Who may come to visits: the team's members but the owner, and the people on trial with it
 * (for trial visits only, which the booking command checks).
 */
const mayComeIds = (f: CareFacts): string[] => [...new Set([...f.memberIds.filter((id) => id !== f.team.ownerId), ...f.trialists.keys()])];

/** Those who may come, with how they joined, named from `who` (read with the visits' supporters: one statement for a page's names). */
function possibleSupporters(f: CareFacts, who: Map<string, string>): (Person & { kind: string | null; onTrial: boolean })[] {
  return mayComeIds(f)
    .flatMap((id) => (who.has(id) ? [{ id, name: who.get(id) as string, kind: f.kinds.get(id) ?? f.trialists.get(id) ?? null, onTrial: f.trialists.has(id) }] : []))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A team's week of visits, Monday to Sunday in the co-op's time zone. */
export async function teamWeek(ctx: Ctx, input: { teamId: unknown; week?: unknown }) {
  const f = await teamForCare(ctx, input.teamId);
  const today = wallClock(ctx.now).date;
  const asked = typeof input.week === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input.week) && !Number.isNaN(Date.parse(input.week)) ? input.week : today;
  const monday = mondayOf(asked);
  const from = zonedToUtc(monday, '00:00');
  const to = zonedToUtc(addDays(monday, 7), '00:00');
  const rows = await ctx.tx.select().from(visits).where(and(eq(visits.teamId, f.team.id), gte(visits.startsAt, from), lt(visits.startsAt, to))).orderBy(asc(visits.startsAt)).limit(300);
  const coming = await supportersOf(ctx.tx, rows.map((r) => r.id));
  const who = await names(ctx.tx, [...new Set([...[...coming.values()].flat(), ...mayComeIds(f)])]);
  const list = named(rows, coming, who);
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i)).map((date) => ({ date, visits: list.filter((v) => wallClock(v.startsAt).date === date) }));
  return { facts: f, monday, previous: addDays(monday, -7), next: addDays(monday, 7), days, promise: await promiseAccepted(ctx.tx, f.team.id), supporters: possibleSupporters(f, who) };
}

/** One visit with who is coming and what the viewer may do with it; 404 outside the team. */
export async function visitDetail(ctx: Ctx, input: { visitId: unknown }) {
  const [visit] = isUuid(input.visitId) ? await ctx.tx.select().from(visits).where(eq(visits.id, input.visitId)) : [];
  if (!visit) throw new NotFound('That visit was not found.');
  const supporters = await supportersOf(ctx.tx, [visit.id]);
  const { f, onTrialHere } = await teamForVisit(ctx, visit, supporters.get(visit.id) ?? []);
  // A person on trial sees their trial visit and ends it; the rest of the team's rota is not theirs yet.
  const inTeam = !onTrialHere;
  const who = await names(ctx.tx, [...new Set([...(supporters.get(visit.id) ?? []), ...(inTeam ? mayComeIds(f) : [])])]);
  const [row] = named([visit], supporters, who);
  const me = ctx.actor?.personId ?? '';
  const coming = !!row?.supporters.some((s) => s.id === me);
  const ownerSide = isOwnerSide(ctx.actor, f);
  return {
    visit: row as VisitRow, facts: f, ownerSide, coming, me, week: mondayOf(wallClock(visit.startsAt).date), inTeam,
    mayJoin: inTeam && visit.state === 'booked' && me !== f.team.ownerId && !coming && !(visit.kind === 'paid' && f.kinds.get(me) === 'volunteer'),
    mayChooseOthers: inTeam && visit.state === 'booked' && (ownerSide || visit.createdBy === me),
    mayEnd: visit.state === 'booked' && (ownerSide || coming) && ctx.now > visit.startsAt,
    others: !inTeam ? [] : possibleSupporters(f, who).filter((p) => !row?.supporters.some((s) => s.id === p.id) && !(visit.kind === 'paid' && p.kind === 'volunteer') && !(p.onTrial && visit.kind !== 'trial')),
  };
}

/** Your booked visits across teams still to end, a page from `from` on, with who is coming (my-visits.ts). */
/** How many visits one page of My visits shows. */
export const MY_VISITS_PAGE = 50;

export async function myVisits(db: Db, personId: string, now: Date, from: From = {}, limit = MY_VISITS_PAGE) {
  const { rows, prev, next } = await myVisitsPage(db, personId, now, from, limit);
  const list = rows.map((r) => ({ ...r.visit, supporters: bySupporterName(r.supporters), teamName: r.teamName, forMe: r.ownerId === personId }));
  return { visits: list, prev, next };
}

