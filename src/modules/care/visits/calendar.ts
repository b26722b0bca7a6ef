import { and, asc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import ical, { ICalEventStatus } from 'ical-generator';
import type { Ctx } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { Conflict, NotFound, NotSignedIn } from '../../../platform/errors.ts';
import { newId, newSecret, sha256 } from '../../../platform/ids.ts';
import { circleMembers, circles } from '../../circles/schema.ts';
import { calendarFeeds, visitSupporters, visits } from '../schema.ts';
import { HORIZON_DAYS } from './engine.ts';
import { DAY_MS } from './times.ts';

// A person's private calendar: phones subscribe to a URL whose secret token is the only
// credential. Only the token's SHA-256 is kept, so the URL is shown once, when it is made;
// making a new one revokes the old, and a revoked token is 404 at once.

export const feedPath = (token: string) => `/calendar/${token}.ics`;

export async function liveFeed(db: Db, personId: string) {
  const [row] = await db.select().from(calendarFeeds).where(and(eq(calendarFeeds.personId, personId), isNull(calendarFeeds.revokedAt)));
  return row ?? null;
}

/** A new secret feed address for yourself (the old one, if any, stops working). */
export async function createCalendarFeed(ctx: Ctx, _raw: unknown): Promise<{ token: string; path: string }> {
  if (!ctx.actor) throw new NotSignedIn();
  await ctx.tx.update(calendarFeeds).set({ revokedAt: ctx.now }).where(and(eq(calendarFeeds.personId, ctx.actor.personId), isNull(calendarFeeds.revokedAt)));
  const token = newSecret();
  const id = newId();
  await ctx.tx.insert(calendarFeeds).values({ id, personId: ctx.actor.personId, tokenHash: sha256(token), createdAt: ctx.now });
  await ctx.emit({ type: 'care.calendar-feed-created', subjectType: 'person', subjectId: ctx.actor.personId, data: { feedId: id } });
  return { token, path: feedPath(token) };
}

/** Stop your feed address working. */
export async function revokeCalendarFeed(ctx: Ctx, _raw: unknown): Promise<void> {
  if (!ctx.actor) throw new NotSignedIn();
  const revoked = await ctx.tx.update(calendarFeeds).set({ revokedAt: ctx.now }).where(and(eq(calendarFeeds.personId, ctx.actor.personId), isNull(calendarFeeds.revokedAt))).returning({ id: calendarFeeds.id });
  if (!revoked.length) throw new Conflict('You have no calendar address to revoke.');
  await ctx.emit({ type: 'care.calendar-feed-revoked', subjectType: 'person', subjectId: ctx.actor.personId, data: { feedIds: revoked.map((r) => r.id) } });
}

/**
 * A person's visits for a calendar: those they are coming to and those in the teams they own,
 * from 30 days back to the horizon, while they are still in that team. Time, team and place
 * only: never notes or anything about the person's care.
 */
export async function visitsForPerson(db: Db, personId: string, from: Date, to: Date, limit = 500) {
  const mine = db.select({ visitId: visitSupporters.visitId }).from(visitSupporters).where(eq(visitSupporters.personId, personId));
  const myTeams = db.select({ id: circleMembers.circleId }).from(circleMembers).where(and(eq(circleMembers.personId, personId), isNull(circleMembers.leftAt)));
  return db
    .select({ id: visits.id, teamId: visits.teamId, teamName: circles.name, ownerId: circles.ownerId, kind: visits.kind, state: visits.state, startsAt: visits.startsAt, endsAt: visits.endsAt, place: visits.place, updatedAt: visits.updatedAt })
    .from(visits)
    .innerJoin(circles, eq(circles.id, visits.teamId))
    .where(and(
      gte(visits.startsAt, from), lte(visits.startsAt, to),
      or(eq(circles.ownerId, personId), and(inArray(visits.id, mine), inArray(visits.teamId, myTeams))),
    ))
    .orderBy(asc(visits.startsAt), asc(visits.id))
    .limit(limit);
}

/** The iCalendar text of a live feed, or 404 for an unknown or revoked token. */
export async function calendarFeedText(db: Db, token: string, now: Date, baseUrl: string): Promise<string> {
  const [feed] = token.length >= 20 && token.length <= 100
    ? await db.select().from(calendarFeeds).where(and(eq(calendarFeeds.tokenHash, sha256(token)), isNull(calendarFeeds.revokedAt)))
    : [];
  if (!feed) throw new NotFound('That calendar address is not in use.');
  const rows = await visitsForPerson(db, feed.personId, new Date(now.getTime() - 30 * DAY_MS), new Date(now.getTime() + (HORIZON_DAYS + 7) * DAY_MS));
  const cal = ical({ name: 'Care Circles visits', prodId: { company: 'Care Circles', product: 'visits', language: 'EN' }, ttl: 3600 });
  const host = new URL(baseUrl).hostname;
  for (const v of rows) {
    cal.createEvent({
      id: `visit-${v.id}@${host}`,
      start: v.startsAt,
      end: v.endsAt,
      stamp: v.updatedAt,
      summary: `${v.kind === 'meeting' ? 'Meeting' : 'Visit'}: ${v.teamName}`,
      location: v.place,
      url: `${baseUrl}/visits/${v.id}`,
      status: v.state === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}
