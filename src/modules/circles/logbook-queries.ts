import { and, asc, desc, eq, ilike, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { people } from '../people/schema.ts';
import { isoDate } from './dates.ts';
import { circles, logbookEntries } from './schema.ts';

export interface LogbookFilter {
  circleId?: string;
  search?: string;
  /** Include confidential entries (only for the circle's own members). */
  withConfidential: boolean;
  /** Team logbooks are private to the team: only these team circles may be included. */
  visibleTeamIds: string[];
  before?: { at: Date; id: string };
}

/** Logbook entries newest first, a page at a time; teams' entries only for their people. */
export async function listLogbook(db: Db, f: LogbookFilter) {
  const term = f.search?.trim();
  return db
    .select({
      id: logbookEntries.id,
      circleId: logbookEntries.circleId,
      circleName: circles.name,
      kind: logbookEntries.kind,
      title: logbookEntries.title,
      adoptedAt: logbookEntries.adoptedAt,
      reviewDate: logbookEntries.reviewDate,
      state: logbookEntries.state,
      confidential: logbookEntries.confidential,
    })
    .from(logbookEntries)
    .innerJoin(circles, eq(circles.id, logbookEntries.circleId))
    .where(
      and(
        f.circleId ? eq(logbookEntries.circleId, f.circleId) : undefined,
        f.withConfidential ? undefined : eq(logbookEntries.confidential, false),
        f.visibleTeamIds.length
          ? or(eq(circles.kind, 'circle'), sql`${circles.id} = ANY(${sql.param(f.visibleTeamIds)}::uuid[])`)
          : eq(circles.kind, 'circle'),
        term ? or(ilike(logbookEntries.title, `%${escapeLike(term)}%`), ilike(logbookEntries.text, `%${escapeLike(term)}%`)) : undefined,
        f.before
          ? or(lt(logbookEntries.adoptedAt, f.before.at), and(eq(logbookEntries.adoptedAt, f.before.at), lt(logbookEntries.id, f.before.id)))
          : undefined,
      ),
    )
    .orderBy(desc(logbookEntries.adoptedAt), desc(logbookEntries.id))
    .limit(50);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function getLogbookEntry(db: Db, id: string) {
  const [row] = await db
    .select({ entry: logbookEntries, circleName: circles.name, circleKind: circles.kind, circleOwner: circles.ownerId, author: people.name })
    .from(logbookEntries)
    .innerJoin(circles, eq(circles.id, logbookEntries.circleId))
    .leftJoin(people, eq(people.id, logbookEntries.authorId))
    .where(eq(logbookEntries.id, id));
  return row ?? null;
}

/** Entries in force whose review date has come (or comes within `withinDays`). */
export async function dueForReview(db: Db, now: Date, options: { circleId?: string; withinDays?: number } = {}) {
  const until = isoDate(new Date(now.getTime() + (options.withinDays ?? 0) * 86_400_000));
  return db
    .select({
      id: logbookEntries.id,
      circleId: logbookEntries.circleId,
      circleName: circles.name,
      circleKind: circles.kind,
      title: logbookEntries.title,
      reviewDate: logbookEntries.reviewDate,
    })
    .from(logbookEntries)
    .innerJoin(circles, eq(circles.id, logbookEntries.circleId))
    .where(
      and(
        eq(logbookEntries.state, 'in_force'),
        lte(logbookEntries.reviewDate, until),
        options.circleId ? eq(logbookEntries.circleId, options.circleId) : undefined,
      ),
    )
    .orderBy(asc(logbookEntries.reviewDate))
    .limit(200);
}
