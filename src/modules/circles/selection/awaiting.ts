import { and, asc, eq, inArray, isNull, notExists } from 'drizzle-orm';
import type { Db } from '../../../platform/db.ts';
import { people } from '../../people/schema.ts';
import { circles, hatDefinitions } from '../schema.ts';
import { selectionSteps } from './machine.ts';
import { selectionResponses, selections } from './schema.ts';

/**
 * Selections whose consent round waits for this person's own answer, by the rules
 * respondToSelection applies: the selection is at the machine's "respond" step, the person is
 * a full participant of the deciding circle (`fullCircles`, circles/standing.ts), and they have
 * no undisputed answer in this round. Oldest first; bounded.
 */
export async function selectionsAwaitingAnswer(db: Db, personId: string, fullCircles: string[], limit = 20) {
  if (fullCircles.length === 0) return [];
  const answered = db
    .select({ one: selectionResponses.id })
    .from(selectionResponses)
    .where(and(eq(selectionResponses.selectionId, selections.id), eq(selectionResponses.round, selections.round), eq(selectionResponses.personId, personId), isNull(selectionResponses.disputedAt)));
  return db
    .select({ id: selections.id, hat: hatDefinitions.name, circleName: circles.name, candidate: people.name, since: selections.updatedAt })
    .from(selections)
    .innerJoin(hatDefinitions, eq(hatDefinitions.id, selections.hatId))
    .innerJoin(circles, eq(circles.id, selections.circleId))
    .leftJoin(people, eq(people.id, selections.candidateId))
    .where(and(inArray(selections.circleId, fullCircles), inArray(selections.state, [...selectionSteps.respond.from]), notExists(answered)))
    .orderBy(asc(selections.updatedAt))
    .limit(limit);
}
