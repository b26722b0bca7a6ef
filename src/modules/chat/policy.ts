import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { NotAllowed, NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { canSeeCircle } from '../circles/policy.ts';
import { getCircle, peopleInCircles } from '../circles/queries.ts';
import { teams } from '../teams/schema.ts';

export type ChannelCircle = NonNullable<Awaited<ReturnType<typeof getCircle>>>;

/** No page limit: a channel is all of its members. */
const EVERYONE = Number.MAX_SAFE_INTEGER;

/**
 * Who is in a circle's channel right now. Nothing is stored for it: the channel's members are
 * always the circle's members (links included), and for a Team also its owner and advocate, so
 * joining and leaving the circle take effect in the chat at once. Every live message asks this
 * on every instance, so it is one statement for the members, beside one for the advocate.
 */
export async function channelMemberIds(db: Db, circle: ChannelCircle, now: Date): Promise<Set<string>> {
  const ownerId = circle.kind === 'team' ? circle.ownerId : null;
  const [members, advocate] = await Promise.all([
    peopleInCircles(db, [circle.id], now, { limit: EVERYONE }),
    ownerId ? advocateOf(db, circle.id) : null,
  ]);
  const ids = new Set(members.map((m) => m.personId));
  if (ownerId) ids.add(ownerId);
  if (advocate) ids.add(advocate);
  return ids;
}

/**
 * Whether one person is in the channel now, by channelMemberIds' rule asked for them alone: the
 * owner, a member (peopleInCircles, `only` them), or the advocate. A page opening the channel
 * needs this, not every member's name (hundreds in a big circle).
 */
export async function isInChannel(db: Db, circle: ChannelCircle, personId: string, now: Date): Promise<boolean> {
  if (circle.kind === 'team' && circle.ownerId === personId) return true;
  if ((await peopleInCircles(db, [circle.id], now, { limit: 1, only: personId })).length) return true;
  if (circle.kind !== 'team' || !circle.ownerId) return false;
  return (await advocateOf(db, circle.id)) === personId;
}

/** The team's advocate, if it has one. */
async function advocateOf(db: Db, teamId: string): Promise<string | null> {
  const [team] = await db.select({ advocateId: teams.advocateId }).from(teams).where(eq(teams.circleId, teamId));
  return team?.advocateId ?? null;
}

const notFoundMessage = 'That chat was not found.';

/**
 * The channel the actor may read and write in, or an error shaped like the rest of the app:
 * a Team stays hidden from outsiders (not found), while an open circle, which every member of
 * the co-op may see, says plainly that its chat is for its members (not allowed).
 */
export async function openChannel(db: Db, actor: Actor | null, circleId: unknown, now: Date): Promise<ChannelCircle> {
  if (!actor) throw new NotAllowed();
  const circle = isUuid(circleId) ? await getCircle(db, circleId) : null;
  if (!circle) throw new NotFound(notFoundMessage);
  if (await isInChannel(db, circle, actor.personId, now)) return circle;
  if (!canSeeCircle(actor, circle, false)) throw new NotFound(notFoundMessage);
  throw new NotAllowed('Only the members of this circle can read and write in its chat.');
}
