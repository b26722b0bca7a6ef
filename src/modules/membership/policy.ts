import { and, eq, gte, isNull } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { isoDate } from '../circles/dates.ts';
import { hatAssignments, hatDefinitions } from '../circles/schema.ts';
import { membersCircleId } from './settings.ts';

/** The register is kept by the Members' Circle's Secretary (or the co-op's admins). */
export async function isSecretary(db: Db, actor: Actor | null, now: Date): Promise<boolean> {
  if (!actor) return false;
  if (actor.isAdmin || actor.via === 'system') return true;
  const circleId = await membersCircleId(db);
  if (!circleId) return false;
  const [hat] = await db
    .select({ id: hatAssignments.id })
    .from(hatAssignments)
    .innerJoin(hatDefinitions, eq(hatDefinitions.id, hatAssignments.hatId))
    .where(
      and(
        eq(hatAssignments.circleId, circleId),
        eq(hatAssignments.personId, actor.personId),
        eq(hatDefinitions.role, 'secretary'),
        isNull(hatAssignments.endedAt),
        gte(hatAssignments.termEnd, isoDate(now)),
      ),
    );
  return Boolean(hat);
}
