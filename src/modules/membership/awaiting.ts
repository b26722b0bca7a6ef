import { and, asc, eq, notExists } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { isCoopMember } from './policy.ts';
import { generalMeetings, resolutions, votes } from './schema.ts';

/**
 * Open resolutions of general meetings this person may vote on and has not: castVote takes a
 * vote from an admitted member while the resolution is open. Oldest first; bounded. The vote is cast on the meeting's page.
 */
export async function resolutionsAwaitingVote(db: Db, personId: string, limit = 20) {
  if (!(await isCoopMember(db, personId))) return [];
  const voted = db.select({ one: votes.id }).from(votes).where(and(eq(votes.resolutionId, resolutions.id), eq(votes.memberId, personId)));
  return db
    .select({ id: resolutions.id, meetingId: resolutions.meetingId, title: resolutions.title, meeting: generalMeetings.title, startsAt: generalMeetings.startsAt, since: resolutions.createdAt })
    .from(resolutions)
    .innerJoin(generalMeetings, eq(generalMeetings.id, resolutions.meetingId))
    .where(and(eq(resolutions.state, 'open'), notExists(voted)))
    .orderBy(asc(resolutions.createdAt))
    .limit(limit);
}
