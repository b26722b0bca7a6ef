import { and, asc, desc, eq, ilike, isNull, sql } from 'drizzle-orm';
import { type Db, fixedStatement } from '../../platform/db.ts';
import { isUuid } from '../../platform/ids.ts';
import { isoDate } from './dates.ts';
import { currentHats } from './queries.ts';
import { circleMembers, circles } from './schema.ts';

/** How many circles one level of the map shows at most; the rest are a "next" link away. */
export const LEVEL_SIZE = 100;

export type LinkState = 'in place' | 'missing' | 'not needed';

/** Where a page of a keyset list starts: after a row (going forward) or before one (going back). */
export type PageFrom = { after: string } | { before: string } | Record<string, never>;

/** Reads `after` or `before` (with a prefix: `members_after`...) from a query string, when it is an id; anything else is the first page. */
export function pageFrom(query: unknown, prefix = ''): PageFrom {
  const q = (query ?? {}) as Record<string, unknown>;
  const after = q[`${prefix}after`];
  const before = q[`${prefix}before`];
  if (isUuid(after)) return { after };
  if (isUuid(before)) return { before };
  return {};
}

/**
 * One level of the circle map: the circles (not teams) directly within `parentId`, or the
 * top-level circles when it is null, a page at a time in (name, id) order from the
 * circles_level_idx index, with their kept counts (migration 0037) and whether their Leader and
 * Delegate links are in place now. The work is the page's, whatever the size of the co-op.
 */
export async function circleLevel(db: Db, parentId: string | null, now: Date, from: PageFrom = {}, limit = LEVEL_SIZE) {
  const backwards = 'before' in from;
  const cursor = 'after' in from ? from.after : 'before' in from ? from.before : null;
  const key = sql`(${circles.name}, ${circles.id})`;
  const at = cursor ? sql`((SELECT name FROM circles WHERE id = ${cursor}::uuid), ${cursor}::uuid)` : null;
  const found = await db
    .select({
      id: circles.id, name: circles.name, aim: circles.aim, parentId: circles.parentId,
      memberCount: circles.memberCount, circleCount: circles.circleCount, teamCount: circles.teamCount,
    })
    .from(circles)
    .where(and(
      parentId ? eq(circles.parentId, parentId) : isNull(circles.parentId),
      eq(circles.kind, 'circle'),
      at ? (backwards ? sql`${key} < ${at}` : sql`${key} > ${at}`) : undefined,
    ))
    .orderBy(...(backwards ? [desc(circles.name), desc(circles.id)] : [asc(circles.name), asc(circles.id)]))
    .limit(limit + 1);
  const more = found.length > limit;
  const page = found.slice(0, limit);
  if (backwards) page.reverse();
  // Only a circle within another has links to keep; the top level of the map asks for no hats.
  const linked = page.filter((c) => c.parentId).map((c) => c.id);
  const held = linked.length ? await currentHats(db, linked, isoDate(now), ['leader', 'delegate']) : [];
  const rows = page.map((c) => {
    const has = (role: string) => held.some((h) => h.circleId === c.id && h.role === role);
    const link = (role: string): LinkState => (!c.parentId ? 'not needed' : has(role) ? 'in place' : 'missing');
    return { ...c, leader: link('leader'), delegate: link('delegate') };
  });
  // Going forward, an earlier page exists when we started after a row; going back, a later one does.
  const first = rows[0];
  const last = rows.at(-1);
  return {
    rows,
    prev: first && (backwards ? more : cursor !== null) ? first.id : null,
    next: last && (backwards ? true : more) ? last.id : null,
  };
}

/**
 * A circle and the circles above it, top first: the way up the map. Bounded by the depth of the
 * tree (the walk stops at 20 levels should a loop ever be written).
 */
export async function circleTrail(db: Db, circleId: string) {
  if (!isUuid(circleId)) return [];
  const rows = await fixedStatement<{ id: string; name: string; kind: string; owner_id: string | null; member_count: number; circle_count: number; team_count: number }>(db, 'circle_trail', `
    WITH RECURSIVE up AS (
      SELECT id, name, kind, owner_id, parent_id, member_count, circle_count, team_count, 0 AS depth FROM circles WHERE id = $1
      UNION ALL
      SELECT c.id, c.name, c.kind, c.owner_id, c.parent_id, c.member_count, c.circle_count, c.team_count, up.depth + 1
        FROM circles c JOIN up ON c.id = up.parent_id WHERE up.depth < 20
    )
    SELECT id, name, kind, owner_id, member_count, circle_count, team_count FROM up ORDER BY depth DESC`, [circleId]);
  return rows.map((r) => ({
    id: r.id, name: r.name, kind: r.kind, ownerId: r.owner_id,
    memberCount: Number(r.member_count), circleCount: Number(r.circle_count), teamCount: Number(r.team_count),
  }));
}

/**
 * The circles and teams directly within a circle, a page at a time in (name, id) order: a Local
 * Circle has a hundred teams or more, and its page names a page of them.
 */
export async function childrenPage(db: Db, circleId: string, from: PageFrom = {}, limit = LEVEL_SIZE) {
  const backwards = 'before' in from;
  const cursor = 'after' in from ? from.after : 'before' in from ? from.before : null;
  // Circles first, then teams, each in name order: the order of circles_level_idx.
  const key = sql`(${circles.kind}, ${circles.name}, ${circles.id})`;
  const at = cursor ? sql`(SELECT kind, name, id FROM circles WHERE id = ${cursor}::uuid)` : null;
  const found = await db
    .select({ id: circles.id, name: circles.name, kind: circles.kind })
    .from(circles)
    .where(and(eq(circles.parentId, circleId), at ? (backwards ? sql`${key} < ${at}` : sql`${key} > ${at}`) : undefined))
    .orderBy(...(backwards ? [desc(circles.kind), desc(circles.name), desc(circles.id)] : [asc(circles.kind), asc(circles.name), asc(circles.id)]))
    .limit(limit + 1);
  const more = found.length > limit;
  const rows = found.slice(0, limit);
  if (backwards) rows.reverse();
  const first = rows[0];
  const last = rows.at(-1);
  return { rows, prev: first && (backwards ? more : cursor !== null) ? first.id : null, next: last && (backwards ? true : more) ? last.id : null };
}

/** Circles (not teams: only their people see those) whose name holds the words, in name order, `limit` at most. */
export async function searchCircles(db: Db, term: string, limit: number) {
  const words = term.trim();
  if (!words) return [];
  return db
    .select({ id: circles.id, name: circles.name })
    .from(circles)
    .where(and(eq(circles.kind, 'circle'), ilike(circles.name, `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)))
    .orderBy(asc(circles.name), asc(circles.id))
    .limit(limit);
}

/**
 * Circles to choose from in a form: those whose name holds the search, or without one the
 * circles the person is a direct member of; the chosen circle stays listed. At most `limit`.
 */
export async function circleChoices(db: Db, personId: string, options: { search?: string; chosen?: string; limit: number }) {
  const found = options.search?.trim()
    ? await searchCircles(db, options.search, options.limit + 1)
    : await db.select({ id: circles.id, name: circles.name }).from(circles)
      .innerJoin(circleMembers, and(eq(circleMembers.circleId, circles.id), eq(circleMembers.personId, personId), isNull(circleMembers.leftAt)))
      .where(eq(circles.kind, 'circle')).orderBy(asc(circles.name), asc(circles.id)).limit(options.limit + 1);
  const choices = found.slice(0, options.limit).map((c) => ({ value: c.id, label: c.name }));
  if (isUuid(options.chosen) && !choices.some((c) => c.value === options.chosen)) {
    const [kept] = await db.select({ id: circles.id, name: circles.name }).from(circles).where(and(eq(circles.id, options.chosen), eq(circles.kind, 'circle')));
    if (kept) choices.unshift({ value: kept.id, label: kept.name });
  }
  return { choices, more: found.length > options.limit };
}
