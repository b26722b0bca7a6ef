import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { wearsRole } from '../circles/roles.ts';
import { memberships } from './schema.ts';
import { membersCircleId } from './settings.ts';

/** The register is kept by the Members' Circle's Secretary (or the co-op's admins). */
export async function isSecretary(db: Db, actor: Actor | null, now: Date): Promise<boolean> {
  if (!actor) return false;
  if (actor.isAdmin || actor.via === 'system') return true;
  const circleId = await membersCircleId(db);
  if (!circleId) return false;
  return wearsRole(db, circleId, actor.personId, ['secretary'], now);
}

/** isCoopMember's test as a condition, for a statement that asks it with the rest (home's votes). */
export const coopMemberWhere = (personId: string) => and(eq(memberships.personId, personId), eq(memberships.state, 'admitted'));

/**
 * A member of the co-op: admitted in one of the member classes, now. Someone only invited, who
 * has applied, is on probation, suspended, has left or was removed is not (they may hold other
 * memberships; any one admitted counts).
 */
export async function isCoopMember(db: Db, personId: string): Promise<boolean> {
  const [m] = await db.select({ id: memberships.id }).from(memberships).where(coopMemberWhere(personId)).limit(1);
  return Boolean(m);
}
