import { and, asc, eq, inArray, isNull, lt, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { isUuid } from '../../platform/ids.ts';
import { zonedToUtc } from '../../platform/zoned-time.ts';
import type { WornHat } from '../people/hats.ts';
import { people } from '../people/schema.ts';
import { isoDate } from './dates.ts';
import { hatInForce } from './roles.ts';
import { circleMembers, circles, hatAssignments, hatDefinitions } from './schema.ts';

export async function getCircle(db: Db, circleId: string) {
  if (!isUuid(circleId)) return null;
  const [circle] = await db.select().from(circles).where(eq(circles.id, circleId));
  return circle ?? null;
}

/**
 * Hats in force now (term started and not ended) in the given circles, with the holder's name; only the hats
 * with these platform roles when `roles` is given (a Local Circle has hundreds of teams under
 * it, with thousands of team hats, and only their Leaders and Delegates link up), and only
 * these people's when `personIds` is.
 */
async function currentHats(db: Db, circleIds: string[], today: string, roles?: string[], personIds?: string[]) {
  if (circleIds.length === 0) return [];
  return db
    .select({
      circleId: hatAssignments.circleId,
      personId: hatAssignments.personId,
      personName: people.name,
      hat: hatDefinitions.name,
      role: hatDefinitions.role,
      termEnd: hatAssignments.termEnd,
      reviewDate: hatAssignments.reviewDate,
    })
    .from(hatAssignments)
    .innerJoin(hatDefinitions, eq(hatDefinitions.id, hatAssignments.hatId))
    .innerJoin(people, eq(people.id, hatAssignments.personId))
    .where(and(
      sql`${hatAssignments.circleId} = ANY(${sql.param(circleIds)}::uuid[])`, hatInForce(today),
      roles ? inArray(hatDefinitions.role, roles) : undefined,
      personIds ? sql`${hatAssignments.personId} = ANY(${sql.param(personIds)}::uuid[])` : undefined,
    ));
}

export interface MemberRow {
  personId: string;
  name: string;
  participation: 'full' | 'learning' | 'guest';
  /** Set when the person is a member because they link a child circle. */
  linkFrom?: string;
  hats: string[];
}

/**
 * The members of a circle: its direct members, plus the Leader and Delegate of each child
 * circle for as long as their term runs (double-linking). Nothing is stored for the link, so
 * the membership ends by itself when the term does. With `onlyPeople`, the rows of those people
 * (a page of the list).
 */
export async function circleMembership(db: Db, circleId: string, now: Date, onlyPeople?: string[]): Promise<MemberRow[]> {
  const today = isoDate(now);
  const only = onlyPeople ? sql`${circleMembers.personId} = ANY(${sql.param(onlyPeople)}::uuid[])` : undefined;
  const direct = await db
    .select({ personId: people.id, name: people.name, participation: circleMembers.participation })
    .from(circleMembers)
    .innerJoin(people, eq(people.id, circleMembers.personId))
    .where(and(eq(circleMembers.circleId, circleId), isNull(circleMembers.leftAt), only))
    .orderBy(asc(people.name));
  const children = await db.select({ id: circles.id, name: circles.name }).from(circles).where(eq(circles.parentId, circleId));
  const childName = new Map(children.map((c) => [c.id, c.name]));
  const links = await currentHats(db, [...childName.keys()], today, ['leader', 'delegate'], onlyPeople);
  const hatsHere = await currentHats(db, [circleId], today, undefined, onlyPeople);
  const rows = new Map<string, MemberRow>();
  for (const m of direct) rows.set(m.personId, { ...m, hats: [] });
  for (const l of links) {
    const existing = rows.get(l.personId);
    const from = `${l.hat} of ${childName.get(l.circleId)}`;
    if (existing) {
      existing.participation = 'full';
      existing.linkFrom = existing.linkFrom ? `${existing.linkFrom}; ${from}` : from;
    } else rows.set(l.personId, { personId: l.personId, name: l.personName, participation: 'full', linkFrom: from, hats: [] });
  }
  for (const h of hatsHere) rows.get(h.personId)?.hats.push(h.hat);
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Everyone who is a member of any of the circles now, by the same rule as circleMembership
 * (direct members, and the Leader and Delegate of each child circle while their term runs),
 * in one statement however many circles: name order, `limit` at most, `except` left out.
 */
export async function peopleInCircles(db: Db, circleIds: string[], now: Date, options: { except?: string; limit: number }) {
  if (circleIds.length === 0) return [];
  const ids = sql`${sql.param(circleIds)}::uuid[]`;
  const direct = db.select({ id: circleMembers.personId }).from(circleMembers)
    .where(and(sql`${circleMembers.circleId} = ANY(${ids})`, isNull(circleMembers.leftAt)));
  const links = db.select({ id: hatAssignments.personId }).from(hatAssignments)
    .innerJoin(hatDefinitions, eq(hatDefinitions.id, hatAssignments.hatId))
    .innerJoin(circles, eq(circles.id, hatAssignments.circleId))
    .where(and(sql`${circles.parentId} = ANY(${ids})`, inArray(hatDefinitions.role, ['leader', 'delegate']), hatInForce(isoDate(now))));
  return db.select({ personId: people.id, name: people.name }).from(people)
    .where(and(inArray(people.id, direct.union(links)), options.except ? ne(people.id, options.except) : undefined))
    .orderBy(asc(people.name))
    .limit(options.limit);
}

/**
 * One page of a circle's members, by the same rule as circleMembership, in name order: a Local
 * Circle has hundreds of members, and a page never lists them all. `total` counts them all.
 */
export async function circleMembersPage(db: Db, circleId: string, now: Date, afterPersonId?: string, limit = 100) {
  const today = isoDate(now);
  const linkHolders = db.select({ id: hatAssignments.personId }).from(hatAssignments)
    .innerJoin(hatDefinitions, eq(hatDefinitions.id, hatAssignments.hatId))
    .innerJoin(circles, eq(circles.id, hatAssignments.circleId))
    .where(and(eq(circles.parentId, circleId), inArray(hatDefinitions.role, ['leader', 'delegate']), hatInForce(today)));
  const everyone = db.select({ id: circleMembers.personId }).from(circleMembers)
    .where(and(eq(circleMembers.circleId, circleId), isNull(circleMembers.leftAt))).union(linkHolders);
  // Everyone is found once: the count over all of them rides on each row of the page.
  const named = db.select({ personId: people.id, name: people.name, total: sql<number>`count(*) OVER ()`.as('total') }).from(people)
    .where(inArray(people.id, everyone)).as('named');
  const page = await db.select().from(named)
    // Keyset on (name, id): the page after a person starts at the next name, however the list changed.
    .where(afterPersonId ? sql`(${named.name}, ${named.personId}) > ((SELECT name FROM people WHERE id = ${afterPersonId}::uuid), ${afterPersonId}::uuid)` : undefined)
    .orderBy(asc(named.name), asc(named.personId))
    .limit(limit + 1);
  const shown = page.slice(0, limit);
  const ids = shown.map((p) => p.personId);
  // Participation, links and hats for this page's people only.
  const all = ids.length ? await circleMembership(db, circleId, now, ids) : [];
  const byId = new Map(all.map((m) => [m.personId, m]));
  const rows = shown.map((p) => byId.get(p.personId)).filter((m): m is MemberRow => !!m);
  const last = shown.at(-1);
  // A page past the end (an old link) has no row to carry the count: it is then not known.
  return { rows, total: page[0] ? Number(page[0].total) : null, next: page.length > limit && last ? last.personId : null };
}

export async function isCircleMember(db: Db, circleId: string, personId: string, now: Date): Promise<boolean> {
  return (await circleMembership(db, circleId, now)).some((m) => m.personId === personId);
}

export async function circleHats(db: Db, circleId: string, now: Date) {
  const today = isoDate(now);
  const defs = await db.select().from(hatDefinitions).where(eq(hatDefinitions.circleId, circleId)).orderBy(asc(hatDefinitions.name));
  const held = await currentHats(db, [circleId], today);
  // Terms that ran out without anyone being chosen again: nobody silently keeps a hat.
  const expired = await db
    .select({ hatId: hatAssignments.hatId, personName: people.name, termEnd: hatAssignments.termEnd })
    .from(hatAssignments)
    .innerJoin(people, eq(people.id, hatAssignments.personId))
    .where(and(eq(hatAssignments.circleId, circleId), isNull(hatAssignments.endedAt), lt(hatAssignments.termEnd, today)));
  return defs.map((d) => {
    const holders = held.filter((h) => h.hat === d.name);
    return { ...d, holders, dueForReselection: holders.length === 0 ? expired.filter((e) => e.hatId === d.id) : [] };
  });
}

export type LinkState = 'in place' | 'missing' | 'not needed';

/** Every circle with its parent and whether its Leader and Delegate links are in place now. */
export async function circleMap(db: Db, now: Date) {
  const all = await db
    .select({ id: circles.id, name: circles.name, kind: circles.kind, parentId: circles.parentId, aim: circles.aim })
    .from(circles)
    .where(eq(circles.kind, 'circle'))
    .orderBy(asc(circles.name));
  const held = await currentHats(db, all.map((c) => c.id), isoDate(now), ['leader', 'delegate']);
  return all.map((c) => {
    const has = (role: string) => held.some((h) => h.circleId === c.id && h.role === role);
    const link = (role: string): LinkState => (!c.parentId ? 'not needed' : has(role) ? 'in place' : 'missing');
    return { ...c, leader: link('leader'), delegate: link('delegate') };
  });
}

/** For "your hats": every hat the person wears in any circle or team. */
export async function hatsInCircles(db: Db, personId: string, now: Date): Promise<WornHat[]> {
  const today = isoDate(now);
  const rows = await db
    .select({
      hat: hatDefinitions.name,
      circleId: circles.id,
      where: circles.name,
      termEnd: hatAssignments.termEnd,
    })
    .from(hatAssignments)
    .innerJoin(hatDefinitions, eq(hatDefinitions.id, hatAssignments.hatId))
    .innerJoin(circles, eq(circles.id, hatAssignments.circleId))
    .where(and(eq(hatAssignments.personId, personId), isNull(hatAssignments.endedAt), lte(hatAssignments.termStart, today)));
  return rows.map((r) => ({
    hat: r.hat,
    where: r.where,
    whereHref: `/circles/${r.circleId}`,
    until: zonedToUtc(r.termEnd, '00:00'), // the last day's start on the co-op's clock
    dueForReselection: r.termEnd < today,
  }));
}

/** Circles the person belongs to directly or owns (for teams' private logbooks and confidential items). */
export async function circlesOf(db: Db, personId: string): Promise<{ id: string; kind: string }[]> {
  const direct = await db
    .select({ id: circles.id, kind: circles.kind })
    .from(circleMembers)
    .innerJoin(circles, eq(circles.id, circleMembers.circleId))
    .where(and(eq(circleMembers.personId, personId), isNull(circleMembers.leftAt)));
  const owned = await db.select({ id: circles.id, kind: circles.kind }).from(circles).where(eq(circles.ownerId, personId));
  const all = new Map([...direct, ...owned].map((c) => [c.id, c]));
  return [...all.values()];
}
