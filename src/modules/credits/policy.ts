import type { Actor } from '../../platform/authz.ts';
import type { Tx } from '../../platform/db.ts';
import { canActForCircle } from '../circles/policy.ts';
import { circleMembership } from '../circles/queries.ts';
import type { Account } from './ledger.ts';

export const isCoopAdmin = (actor: Actor): boolean => actor.isAdmin || actor.via === 'system';

/** A circle's pool is run by its full participants (the co-op's admins may act for any circle). */
export async function canRunPool(tx: Tx, actor: Actor, circleId: string, now: Date): Promise<boolean> {
  if (isCoopAdmin(actor)) return true;
  const me = (await circleMembership(tx, circleId, now)).find((m) => m.personId === actor.personId);
  return canActForCircle(actor, me?.participation);
}

/**
 * A reversal takes the credits back from whoever received them, so it is theirs to make (or,
 * for a pool, its circle's full participants'); the co-op's admins correct any mistake.
 */
export async function canReverse(tx: Tx, actor: Actor, debited: Account, now: Date): Promise<boolean> {
  if (isCoopAdmin(actor)) return true;
  if (debited.kind === 'person') return debited.personId === actor.personId;
  if (debited.kind === 'pool' && debited.circleId) return canRunPool(tx, actor, debited.circleId, now);
  return false;
}
