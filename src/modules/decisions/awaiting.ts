import { and, asc, eq, inArray, isNull, ne, notExists, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { preparedStatement } from '../../platform/prepared.ts';
import { circles } from '../circles/schema.ts';
import { proposalSteps } from './machine.ts';
import { consentResponses, proposals, proposalVersions } from './schema.ts';

// Home asks it on every visit: built once, a named prepared statement (ADR 0023).
const awaiting = preparedStatement('decisions_rounds_awaiting', (db) => {
  const me = sql.placeholder('personId');
  const answered = db
    .select({ one: consentResponses.id })
    .from(consentResponses)
    .where(and(eq(consentResponses.proposalId, proposals.id), eq(consentResponses.round, proposals.round), eq(consentResponses.personId, me), isNull(consentResponses.disputedAt)));
  return db
    .select({ id: proposals.id, title: proposalVersions.title, circleName: circles.name, deadline: proposals.deadline, mode: proposals.mode, since: proposals.updatedAt })
    .from(proposals)
    .innerJoin(proposalVersions, and(eq(proposalVersions.proposalId, proposals.id), eq(proposalVersions.version, proposals.version)))
    .innerJoin(circles, eq(circles.id, proposals.circleId))
    .where(and(
      sql`${proposals.circleId} = ANY(${sql.placeholder('circles')}::uuid[])`,
      inArray(proposals.state, [...proposalSteps.respond.from]),
      or(ne(proposals.mode, 'online'), isNull(proposals.deadline), sql`${proposals.deadline} > ${sql.placeholder('now')}::timestamptz`),
      notExists(answered),
    ))
    .orderBy(asc(proposals.deadline), asc(proposals.updatedAt))
    .limit(sql.placeholder('limit'));
});

/**
 * Consent rounds waiting for this person's own answer, by the rules recordResponse applies:
 * the proposal is at a step where answers are taken (the machine's "respond"), the person is
 * a full participant of its circle (`fullCircles`, circles/standing.ts), an online round's
 * deadline has not passed, and they have no answer in this round (an answer recorded for them
 * at a meeting that they disputed counts as none). Soonest deadline first; bounded.
 */
export async function roundsAwaitingAnswer(db: Db, personId: string, fullCircles: string[], now: Date, limit = 20) {
  if (fullCircles.length === 0) return [];
  return awaiting(db, { personId, circles: fullCircles, now: now.toISOString(), limit });
}
