import { and, asc, eq, exists, notExists } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { coopMemberWhere } from './policy.ts';
import { generalMeetings, memberships, resolutions, votes } from './schema.ts';

/**
 * Open resolutions of general meetings this person may vote on and has not: castVote takes a
 * vote from an admitted member while the resolution is open. Oldest first; bounded. The vote is cast on the meeting's page.
 * One statement: whether the person is a member (isCoopMember's test) is asked in it.
 */
export async function resolutionsAwaitingVote(db: Db, personId: string, limit = 20) {
  const voted = db.select({ one: votes.id }).from(votes).where(and(eq(votes.resolutionId, resolutions.id), eq(votes.memberId, personId)));
  return db
    .select({ id: resolutions.id, meetingId: resolutions.meetingId, title: resolutions.title, meeting: generalMeetings.title, startsAt: generalMeetings.startsAt, since: resolutions.createdAt })
    .from(resolutions)
    .innerJoin(generalMeetings, eq(generalMeetings.id, resolutions.meetingId))
    .where(and(eq(resolutions.state, 'open'), notExists(voted), exists(db.select({ one: memberships.id }).from(memberships).where(coopMemberWhere(personId)))))
    .orderBy(asc(resolutions.createdAt))
    .limit(limit);
}
