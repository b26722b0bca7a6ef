import { type SQL, and, desc, eq, ilike, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { type From, keyset, pageOf } from '../../platform/keyset.ts';
import { people } from '../people/schema.ts';
import { isoDate } from './dates.ts';
import { canSeeCircle, canSeeConfidential } from './policy.ts';
import { circleMembership } from './queries.ts';
import { alias } from 'drizzle-orm/pg-core';
import { hatInForce } from './roles.ts';
import { circleMembers, circles, hatAssignments, hatDefinitions, logbookEntries } from './schema.ts';

/**
 * An entry in force whose review date has come is shown as due for review: the state is worked
 * out when it is read, so no job has to run on the day for the logbook to say so.
 */
export function shownState<S extends string>(state: S, reviewDate: string | null, today: string): S | 'review_due' {
  return state === 'in_force' && reviewDate !== null && reviewDate <= today ? 'review_due' : state;
}

/** Whether an entry stands and can be reviewed or appealed: in force, or in force and due for review. */
export const isInForce = (state: string): boolean => state === 'in_force' || state === 'review_due';

export interface LogbookFilter {
  circleId?: string;
  search?: string;
  /** Include confidential entries: of every circle (true), of these circles only (their full and learning participants, canSeeConfidential), or none. */
  withConfidential: boolean | string[];
  /** Team logbooks are private to the team: only these team circles may be included. */
  visibleTeamIds: string[];
  /** The reader's own circles: their entries come first, newest first, then everyone else's. */
  firstCircles?: string[];
  /** Where the page starts: after this entry (keyset on adoption and id) of this part of the list. */
  before?: { at: Date; id: string; part?: LogbookPart };
}

export type LogbookPart = 'mine' | 'rest';

/** How many entries one page of the logbook shows. */
export const LOGBOOK_PAGE = 50;

/**
 * Logbook entries, a page at a time: the reader's own circles' entries newest first, then
 * everyone else's newest first, each by keyset on (adopted_at, id) so a page reads what it shows
 * (logbook_circle_idx, logbook_adopted_idx), whatever the size of the co-op. Teams' entries only
 * for their people. State as shown on `now` (shownState). Each row says which part it is in.
 */
export async function listLogbook(db: Db, f: LogbookFilter, now = new Date(), limit = LOGBOOK_PAGE) {
  const first = f.circleId ? [] : (f.firstCircles ?? []);
  const startPart: LogbookPart = f.before?.part === 'rest' || first.length === 0 ? 'rest' : 'mine';
  const rows = startPart === 'mine' ? (await logbookPart(db, f, now, { only: first }, f.before, limit)).map((r) => ({ ...r, part: 'mine' as LogbookPart })) : [];
  if (rows.length < limit) {
    const from = startPart === 'rest' ? f.before : undefined;
    const rest = await logbookPart(db, f, now, { except: first }, from, limit - rows.length);
    rows.push(...rest.map((r) => ({ ...r, part: 'rest' as LogbookPart })));
  }
  return rows;
}

/**
 * How many of a part's newest entries a search reads in adoption order before it asks the word's
 * trigram index for the older ones. A common word fills a page from the newest few hundred,
 * whatever the size of the logbook, and the read stops there; collecting every match through
 * the trigram index and sorting them grew with the co-op (348 matches sorted to show 50 at
 * scale 1, ten times as many as at 0.1). A rare word is found in the window or by its index.
 */
export const SEARCH_WINDOW = 1000;

async function logbookPart(db: Db, f: LogbookFilter, now: Date, circlesIn: { only?: string[]; except?: string[] }, before: { at: Date; id: string } | undefined, limit: number) {
  const term = f.search?.trim();
  const today = isoDate(now);
  // When no team's logbook can be in this part (the rest, once the person's own teams are
  // their own part), read the circles' entries by their own index (migration 0047); the
  // circle's kind is still what decides, below.
  const teamsHere = f.visibleTeamIds.filter((id) => (!circlesIn.only || circlesIn.only.includes(id)) && !circlesIn.except?.includes(id) && (!f.circleId || f.circleId === id));
  const circlesOnly = teamsHere.length === 0;
  // Whether the entry's circle may be read here: a circle's, or a team's the person is in. In
  // a search it is asked of each match as it is found (`hit`, below), so that PostgreSQL walks the
  // newest entries and stops rather than reading every one and sorting them.
  const kindReadable = (kind: SQL, circleId: SQL) =>
    f.visibleTeamIds.length ? or(sql`${kind} = 'circle'`, sql`${circleId} = ANY(${sql.param(f.visibleTeamIds)}::uuid[])`) : sql`${kind} = 'circle'`;
  const found = [
    f.circleId ? eq(logbookEntries.circleId, f.circleId) : undefined,
    circlesIn.only ? sql`${logbookEntries.circleId} = ANY(${ids(circlesIn.only)})` : undefined,
    circlesIn.except?.length ? sql`NOT (${logbookEntries.circleId} = ANY(${ids(circlesIn.except)}))` : undefined,
    f.withConfidential === true
      ? undefined
      : Array.isArray(f.withConfidential) && f.withConfidential.length
        ? or(eq(logbookEntries.confidential, false), inArray(logbookEntries.circleId, f.withConfidential))
        : eq(logbookEntries.confidential, false),
    circlesOnly ? sql`NOT ${logbookEntries.inTeam}` : undefined,
  ];
  const fields = {
    id: logbookEntries.id,
    circleId: logbookEntries.circleId,
    kind: logbookEntries.kind,
    title: logbookEntries.title,
    adoptedAt: logbookEntries.adoptedAt,
    reviewDate: logbookEntries.reviewDate,
    state: logbookEntries.state,
    confidential: logbookEntries.confidential,
  };
  const newestFirst = [desc(logbookEntries.adoptedAt), desc(logbookEntries.id)];
  const olderThan = (at: { at: Date; id: string } | undefined) =>
    at ? sql`(${logbookEntries.adoptedAt}, ${logbookEntries.id}) < (${at.at.toISOString()}::timestamptz, ${at.id}::uuid)` : undefined;
  const entries = (where: (SQL | undefined)[], n: number) =>
    db.select({ ...fields, circleName: circles.name }).from(logbookEntries).innerJoin(circles, eq(circles.id, logbookEntries.circleId))
      .where(and(...found, kindReadable(sql`${circles.kind}`, sql`${circles.id}`), ...where)).orderBy(...newestFirst).limit(n);
  let rows: Awaited<ReturnType<typeof entries>>;
  if (!term) rows = await entries([olderThan(before)], limit);
  else {
    const pattern = `%${escapeLike(term)}%`;
    // The part's newest SEARCH_WINDOW entries in order, numbered; those holding the word that
    // may be read here, and the window's last entry to say where it ended. Asked in the
    // window's own order, so the read stops at the page's last match (a common word: a few
    // hundred entries). The circle's kind is asked of the matches alone, by a subquery with
    // its names written out (the query builder leaves a one-table query's columns bare).
    const newest = db
      .select({ ...fields, text: logbookEntries.text, n: sql<number>`(row_number() OVER (ORDER BY ${logbookEntries.adoptedAt} DESC, ${logbookEntries.id} DESC))::int`.as('n') })
      .from(logbookEntries)
      .where(and(...found, olderThan(before)))
      .orderBy(...newestFirst)
      .limit(SEARCH_WINDOW)
      .as('newest');
    const hit = and(holdsWord(newest.title, newest.text, pattern), kindReadable(sql.raw('(SELECT c.kind FROM circles c WHERE c.id = newest.circle_id)'), sql.raw('newest.circle_id'))) as SQL;
    const read = await db
      .select({
        id: newest.id, circleId: newest.circleId, kind: newest.kind, title: newest.title, adoptedAt: newest.adoptedAt, reviewDate: newest.reviewDate, state: newest.state, confidential: newest.confidential,
        circleName: sql<string>`(SELECT c.name FROM circles c WHERE c.id = newest.circle_id)`,
        n: newest.n,
        hit: sql<boolean>`${hit}`,
      })
      .from(newest)
      .where(or(hit, eq(newest.n, SEARCH_WINDOW)))
      .orderBy(desc(newest.adoptedAt), desc(newest.id))
      .limit(limit + 1);
    rows = read.filter((r) => r.hit).slice(0, limit);
    const end = read.find((r) => r.n === SEARCH_WINDOW);
    // Too few in the window, and older entries beyond it: the word's index finds those.
    if (rows.length < limit && end) {
      rows.push(...(await entries([holdsWord(logbookEntries.title, logbookEntries.text, pattern), olderThan({ at: end.adoptedAt, id: end.id })], limit - rows.length)));
    }
  }
  return rows.map(({ id, circleId, circleName, kind, title, adoptedAt, reviewDate, state, confidential }) => ({ id, circleId, circleName, kind, title, adoptedAt, reviewDate, confidential, state: shownState(state, reviewDate, today) }));
}

/** An entry holds the word in its title or its text. */
const holdsWord = (title: Parameters<typeof ilike>[0], text: Parameters<typeof ilike>[0], pattern: string) => or(ilike(title, pattern), ilike(text, pattern));

/** A list of ids as one array parameter: one statement text however many ids. */
const ids = (list: string[]) => sql`${sql.param(list)}::uuid[]`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One entry with its circle and author; with `now`, its state as shown that day (shownState), else as stored. */
export async function getLogbookEntry(db: Db, id: string, now?: Date) {
  const [row] = await db
    .select({ entry: logbookEntries, circleName: circles.name, circleKind: circles.kind, circleOwner: circles.ownerId, author: people.name })
    .from(logbookEntries)
    .innerJoin(circles, eq(circles.id, logbookEntries.circleId))
    .leftJoin(people, eq(people.id, logbookEntries.authorId))
    .where(eq(logbookEntries.id, id));
  if (!row || !now) return row ?? null;
  return { ...row, entry: { ...row.entry, state: shownState(row.entry.state, row.entry.reviewDate, isoDate(now)) } };
}

/**
 * Who reads an entry, by the circles' policy: a team's logbook only its people (canSeeCircle),
 * a confidential entry only the circle's full and learning participants (canSeeConfidential).
 * `member` is the reader's row in the circle now, if any (direct or by link).
 */
export async function entryAccess(db: Db, actor: Actor, e: { entry: { circleId: string; confidential: boolean }; circleKind: string; circleOwner: string | null }, now: Date) {
  const [member] = await circleMembership(db, e.entry.circleId, now, [actor.personId]);
  const circle = { kind: e.circleKind, ownerId: e.circleOwner };
  const readable = canSeeCircle(actor, circle, Boolean(member)) && (!e.entry.confidential || canSeeConfidential(actor, circle, member));
  return { readable, member };
}

/**
 * The circles whose confidential entries the person reads now: those they belong to directly
 * or by a link hat in force (Leader or Delegate of a circle within), kept where
 * canSeeConfidential says so (a guest's are left out). Three statements however many circles
 * the person is in (it was four for each of them).
 */
export async function confidentialCirclesOf(db: Db, actor: Actor, now: Date): Promise<string[]> {
  const personId = actor.personId;
  const direct = await db
    .select({ id: circles.id, kind: circles.kind, ownerId: circles.ownerId, participation: circleMembers.participation })
    .from(circleMembers)
    .innerJoin(circles, eq(circles.id, circleMembers.circleId))
    .where(and(eq(circleMembers.personId, personId), isNull(circleMembers.leftAt)));
  const owned = await db.select({ id: circles.id, kind: circles.kind, ownerId: circles.ownerId }).from(circles).where(eq(circles.ownerId, personId));
  const parent = alias(circles, 'parent');
  const linked = await db
    .selectDistinct({ id: parent.id, kind: parent.kind, ownerId: parent.ownerId })
    .from(hatAssignments)
    .innerJoin(hatDefinitions, eq(hatDefinitions.id, hatAssignments.hatId))
    .innerJoin(circles, eq(circles.id, hatAssignments.circleId))
    .innerJoin(parent, eq(parent.id, circles.parentId))
    .where(and(eq(hatAssignments.personId, personId), inArray(hatDefinitions.role, ['leader', 'delegate']), hatInForce(isoDate(now))));
  const member = new Map<string, { participation: string }>();
  for (const d of direct) member.set(d.id, { participation: d.participation });
  // A link makes its holder a full participant of the parent circle (circleMembership).
  for (const l of linked) member.set(l.id, { participation: 'full' });
  const candidates = new Map([...direct, ...owned, ...linked].map((c) => [c.id, c]));
  return [...candidates.values()].filter((c) => canSeeConfidential(actor, c, member.get(c.id))).map((c) => c.id);
}

/**
 * Whose due reviews: one circle's, some circles', or those a person may read (teams of theirs,
 * confidential ones they may see), of those only some circles (`only`) or all but some (`except`).
 */
export type DueScope =
  | { circleId: string }
  | { circleIds: string[] }
  | { visibleTeamIds: string[]; confidentialCircleIds: string[]; only?: string[]; except?: string[] };

/** How many entries due for review one list shows (home's, a circle's, a page of /reviews). */
export const DUE_PAGE = 50;

type Due = { id: string; reviewDate: string | null };

/**
 * Entries in force whose review date has come (or comes within `withinDays`), most overdue
 * first, the first `limit` of the circles in scope. The scope is in the statement, so the limit
 * counts only what is asked for: reading the co-op's most overdue and then keeping a person's
 * own could show them none of theirs (issue 20).
 */
export async function dueForReview(db: Db, now: Date, scope: DueScope, options: { withinDays?: number; limit?: number; from?: From } = {}) {
  const until = isoDate(new Date(now.getTime() + (options.withinDays ?? 0) * 86_400_000));
  const inScope =
    'circleId' in scope ? eq(logbookEntries.circleId, scope.circleId)
    : 'circleIds' in scope ? inArray(logbookEntries.circleId, scope.circleIds.length ? scope.circleIds : [NO_CIRCLE])
    : and(
      or(sql`${circles.kind} <> 'team'`, inArray(circles.id, scope.visibleTeamIds.length ? scope.visibleTeamIds : [NO_CIRCLE])),
      or(eq(logbookEntries.confidential, false), inArray(circles.id, scope.confidentialCircleIds.length ? scope.confidentialCircleIds : [NO_CIRCLE])),
      scope.only ? sql`${logbookEntries.circleId} = ANY(${ids(scope.only)})` : undefined,
      scope.except?.length ? sql`NOT (${logbookEntries.circleId} = ANY(${ids(scope.except)}))` : undefined,
    );
  const page = keyset(logbookEntries.reviewDate, logbookEntries.id, options.from ?? {}, 'asc', 'date');
  return db
    .select({
      id: logbookEntries.id,
      circleId: logbookEntries.circleId,
      circleName: circles.name,
      circleKind: circles.kind,
      title: logbookEntries.title,
      reviewDate: logbookEntries.reviewDate,
      confidential: logbookEntries.confidential,
    })
    .from(logbookEntries)
    .innerJoin(circles, eq(circles.id, logbookEntries.circleId))
    .where(and(inArray(logbookEntries.state, ['in_force', 'review_due']), lte(logbookEntries.reviewDate, until), inScope, page.where))
    .orderBy(...page.orderBy)
    .limit(options.limit ?? DUE_PAGE);
}

/** A page of what is due for review in scope, most overdue first, paged both ways by keyset on (review date, id). */
export async function dueForReviewPage(db: Db, now: Date, scope: DueScope, from: From, limit = DUE_PAGE) {
  const rows = await dueForReview(db, now, scope, { from, limit: limit + 1 });
  return pageOf(rows, from, limit, (r: Due) => ({ at: r.reviewDate ?? '', id: r.id }));
}

/** No circle has this id: an empty list in `IN (...)` matches nothing. */
const NO_CIRCLE = '00000000-0000-0000-0000-000000000000';

/** Each circle with entries due for review now, and how many (the daily reminders: every circle, however many are due). */
export async function dueCountsByCircle(db: Db, now: Date): Promise<{ circleId: string; circleName: string; due: number }[]> {
  return db
    .select({ circleId: circles.id, circleName: circles.name, due: sql<number>`count(*)::int` })
    .from(logbookEntries)
    .innerJoin(circles, eq(circles.id, logbookEntries.circleId))
    .where(and(inArray(logbookEntries.state, ['in_force', 'review_due']), lte(logbookEntries.reviewDate, isoDate(now))))
    .groupBy(circles.id, circles.name);
}
