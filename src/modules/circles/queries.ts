import { type SQL, and, eq, isNull, lte, sql } from 'drizzle-orm';
import { type Db, fixedStatement } from '../../platform/db.ts';
import { preparedStatement } from '../../platform/prepared.ts';
import { isUuid } from '../../platform/ids.ts';
import { zonedToUtc } from '../../platform/zoned-time.ts';
import type { WornHat } from '../people/hats.ts';
import { people } from '../people/schema.ts';
import { isoDate } from './dates.ts';
import { type MemberRow, circleMembership } from './facts.ts';
import { circleMembers, circles, hatAssignments, hatDefinitions } from './schema.ts';

// The look-ups nearly every page makes (a circle, who is in it, its hats: a team's facts are
// these), built once and run as named prepared statements (ADR 0023).
const circleById = preparedStatement('circles_by_id', (db) => db.select().from(circles).where(eq(circles.id, sql.placeholder('id'))));

export async function getCircle(db: Db, circleId: string) {
  if (!isUuid(circleId)) return null;
  const [circle] = await circleById(db, { id: circleId });
  return circle ?? null;
}

/** currentHats' four shapes (with or without the roles, with or without the people), each prepared once. */
const hatsQuery = (db: Db, byRole: boolean, byPerson: boolean) =>
  db
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
      sql`${hatAssignments.circleId} = ANY(${sql.placeholder('circles')}::uuid[])`,
      isNull(hatAssignments.endedAt), lte(hatAssignments.termStart, sql.placeholder('today')), sql`${hatAssignments.termEnd} >= ${sql.placeholder('today')}`,
      byRole ? sql`${hatDefinitions.role} = ANY(${sql.placeholder('roles')}::text[])` : undefined,
      byPerson ? sql`${hatAssignments.personId} = ANY(${sql.placeholder('people')}::uuid[])` : undefined,
    ));
const hatsShapes = [
  preparedStatement('circles_hats', (db) => hatsQuery(db, false, false)),
  preparedStatement('circles_hats_by_role', (db) => hatsQuery(db, true, false)),
  preparedStatement('circles_hats_of_people', (db) => hatsQuery(db, false, true)),
  preparedStatement('circles_hats_by_role_of_people', (db) => hatsQuery(db, true, true)),
] as const;

/**
 * Hats in force now (term started and not ended) in the given circles, with the holder's name; only the hats
 * with these platform roles when `roles` is given (a Local Circle has hundreds of teams under
 * it, with thousands of team hats, and only their Leaders and Delegates link up), and only
 * these people's when `personIds` is.
 */
export async function currentHats(db: Db, circleIds: string[], today: string, roles?: string[], personIds?: string[]) {
  if (circleIds.length === 0) return [];
  const run = hatsShapes[(roles ? 1 : 0) + (personIds ? 2 : 0)] as (typeof hatsShapes)[0];
  return run(db, { circles: circleIds, today, roles: roles ?? [], people: personIds ?? [] });
}

// Who is in a circle and its hats: one statement each, beside the rest of a circle's facts.
export { type MemberRow, circleHats, circleMembership } from './facts.ts';

/**
 * Everyone who is a member of any of the circles now, by the same rule as circleMembership
 * (direct members, and the Leader and Delegate of each child circle while their term runs),
 * in one statement however many circles: name order, `limit` at most, `except` left out; with
 * `search`, only those whose name holds it; with `only`, that one person if they are among them.
 */
export async function peopleInCircles(db: Db, circleIds: string[], now: Date, options: { except?: string; limit: number; search?: string; only?: string }) {
  if (circleIds.length === 0) return [];
  const ids = sql`${sql.param(circleIds)}::uuid[]`;
  const today = isoDate(now);
  const search = options.search?.trim() ? `%${options.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const keep = (id: SQL, name: SQL) => and(
    options.except ? sql`${id} <> ${options.except}` : undefined,
    search ? sql`${name} ILIKE ${search}` : undefined,
    options.only ? sql`${id} = ${options.only}` : undefined,
  ) ?? sql`true`;
  // Each circle's first `limit` in name order, from its own index ranges: its direct members
  // (circle_members_keyset_idx, the name kept there by trigger) and its links
  // (circle_links_keyset_idx, migration 0049), so the work follows the page, not the circles'
  // sizes: joined to every person of the co-op and sorted, it read all 10,000 people at scale 1
  // to show 50. A person in the first `limit` overall is in the first `limit` of their own
  // circle, so nothing is missed.
  const result = await db.execute(sql`
    SELECT person_id AS "personId", name FROM (
      SELECT m.person_id, m.person_name AS name FROM unnest(${ids}) AS ids(id)
      CROSS JOIN LATERAL (
        SELECT person_id, person_name FROM circle_members
        WHERE circle_id = ids.id AND left_at IS NULL AND ${keep(sql`person_id`, sql`person_name`)}
        ORDER BY person_name, person_id LIMIT ${options.limit}) m
      UNION
      SELECT l.person_id, l.person_name FROM unnest(${ids}) AS ids(id)
      CROSS JOIN LATERAL (
        SELECT DISTINCT person_name, person_id FROM circle_links
        WHERE parent_id = ids.id AND term_start <= ${today}::date AND term_end >= ${today}::date AND ${keep(sql`person_id`, sql`person_name`)}
        ORDER BY person_name, person_id LIMIT ${options.limit}) l
    ) found
    ORDER BY name, person_id LIMIT ${options.limit}`);
  return (result as unknown as { rows: { personId: string; name: string }[] }).rows;
}

/** Link holders into circle $1 in force on day $2 (circle_links, migration 0049). */
const linksInForce = 'l.parent_id = $1 AND l.term_start <= $2::date AND l.term_end >= $2::date';
/**
 * All members: the kept count of direct members (migration 0037) and the link holders who are
 * not also direct members, an index-only count of the circle's links (circle_links_person_idx).
 */
const TOTAL = `(SELECT member_count FROM circles WHERE id = $1) + (SELECT count(DISTINCT l.person_id) FROM circle_links l WHERE ${linksInForce} AND NOT l.direct)`;
/**
 * A page of members in (name, id) order, after ('>') or before ('<') the person $3, or from
 * the start: the direct members and the link holders are each an index range in name order
 * (circle_members_keyset_idx, circle_links_keyset_idx). Fixed text, so each is a named
 * prepared statement.
 */
const membersPageSql = (dir: '>' | '<' | null) => {
  const order = dir === '<' ? 'DESC' : 'ASC';
  const limit = dir ? '$4' : '$3';
  const after = (name: string, id: string) => (dir ? `AND (${name}, ${id}) ${dir} ((SELECT name FROM people WHERE id = $3), $3::uuid)` : '');
  return `SELECT person_id, name, ${TOTAL} AS total FROM (
  (SELECT m.person_id, m.person_name AS name FROM circle_members m
    WHERE m.circle_id = $1 AND m.left_at IS NULL ${after('m.person_name', 'm.person_id')}
    ORDER BY m.person_name ${order}, m.person_id ${order} LIMIT ${limit})
  UNION
  (SELECT DISTINCT l.person_id, l.person_name FROM circle_links l WHERE ${linksInForce} ${after('l.person_name', 'l.person_id')}
    ORDER BY l.person_name ${order}, l.person_id ${order} LIMIT ${limit})
) page ORDER BY name ${order}, person_id ${order} LIMIT ${limit}`;
};
const MEMBERS_FIRST = membersPageSql(null);
const MEMBERS_AFTER = membersPageSql('>');
const MEMBERS_BEFORE = membersPageSql('<');

/**
 * One page of a circle's members, by the same rule as circleMembership, in (name, id) order,
 * with how many there are in all: a Members' Circle grows with the co-op, and its page reads
 * no more than it shows (ADR 0022). `from` is a person of the list the page starts after or
 * ends before.
 */
export async function circleMembersPage(db: Db, circleId: string, now: Date, from: { after: string } | { before: string } | Record<string, never> = {}, limit = 100) {
  const today = isoDate(now);
  const backwards = 'before' in from;
  const cursor = 'after' in from ? from.after : 'before' in from ? from.before : null;
  type Row = { person_id: string; name: string; total: string | number };
  const found = cursor
    ? await fixedStatement<Row>(db, backwards ? 'circle_members_before' : 'circle_members_after', backwards ? MEMBERS_BEFORE : MEMBERS_AFTER, [circleId, today, cursor, limit + 1])
    : await fixedStatement<Row>(db, 'circle_members_first', MEMBERS_FIRST, [circleId, today, limit + 1]);
  const more = found.length > limit;
  const shown = found.slice(0, limit);
  if (backwards) shown.reverse();
  const ids = shown.map((p) => p.person_id);
  // Participation, links and hats for this page's people only.
  const all = ids.length ? await circleMembership(db, circleId, now, ids) : [];
  const byId = new Map(all.map((m) => [m.personId, m]));
  const rows = shown.map((p) => byId.get(p.person_id)).filter((m): m is MemberRow => !!m);
  const first = shown[0];
  const last = shown.at(-1);
  return {
    rows,
    // A page past the end (an old link) has no row to carry the count: it is then not known.
    total: found[0] ? Number(found[0].total) : null,
    prev: first && (backwards ? more : cursor !== null) ? first.person_id : null,
    next: last && (backwards || more) ? last.person_id : null,
  };
}

export async function isCircleMember(db: Db, circleId: string, personId: string, now: Date): Promise<boolean> {
  return (await circleMembership(db, circleId, now)).some((m) => m.personId === personId);
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
