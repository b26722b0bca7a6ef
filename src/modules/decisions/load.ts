import { desc, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Tx } from '../../platform/db.ts';
import { NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { type MemberRow, circleMembership } from '../circles/queries.ts';
import { wearsRole } from '../circles/roles.ts';
import type { Standing } from './policy.ts';
import { proposals, proposalVersions } from './schema.ts';

/** The proposal row locked for the rest of the transaction, so steps on one proposal run one at a time. */
export async function lockProposal(tx: Tx, proposalId: unknown) {
  if (!isUuid(proposalId)) throw new NotFound('That proposal was not found.');
  const [proposal] = await tx.select().from(proposals).where(eq(proposals.id, proposalId)).for('update');
  if (!proposal) throw new NotFound('That proposal was not found.');
  const [version] = await tx
    .select()
    .from(proposalVersions)
    .where(eq(proposalVersions.proposalId, proposalId))
    .orderBy(desc(proposalVersions.version))
    .limit(1);
  if (!version) throw new NotFound('That proposal has no text.');
  return { proposal, version };
}

/** The actor's standing in the circle; pass the circle's members when they are already read. */
export async function standingIn(tx: Tx, circleId: string, actor: Actor, now: Date, known?: MemberRow[]): Promise<Standing> {
  const members = known ?? (await circleMembership(tx, circleId, now));
  const hat = await wearsRole(tx, circleId, actor.personId, ['facilitator'], now);
  const member = members.find((m) => m.personId === actor.personId);
  // A hat gives rights in the circle only to someone still in it.
  return { member, isFacilitatorHat: hat && member !== undefined };
}

export async function fullParticipants(tx: Tx, circleId: string, now: Date): Promise<string[]> {
  return (await circleMembership(tx, circleId, now)).filter((m) => m.participation === 'full').map((m) => m.personId);
}
