import type { Actor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db.ts';
import { circleHats } from '../../circles/queries.ts';
import { type CareFacts, careFacts, isInTeam, isOwnerSide } from '../policy.ts';
import { activeGrant, grantReason } from '../records/policy.ts';
import type { careLogs } from '../schema.ts';

type Log = Pick<typeof careLogs.$inferSelect, 'supporterId' | 'disputedBy' | 'adjustedBy'>;
export type Side = 'supporter' | 'owner';

export interface LogFacts extends CareFacts {
  /**
   * Who resolves a dispute: the Local Circle's Coaches (careFacts) and its Leader, the person
   * wearing the Local Circle's hat with the platform role "leader" (circles/schema.ts), the same
   * hat that links the Local Circle to its parent.
   */
  resolvers: string[];
  /** For a reader outside the team: the reason of their special-access grant in force, if any. */
  grant: string | null;
}

/** A team's facts for care logs; given the reader, also whether a special-access grant lets them read. */
export async function logFacts(db: Db, teamId: unknown, now: Date, reader: Actor | null = null): Promise<LogFacts> {
  const f = await careFacts(db, teamId, now);
  const leaders = f.team.parentId
    ? (await circleHats(db, f.team.parentId, now)).filter((h) => h.role === 'leader').flatMap((h) => h.holders.map((x) => x.personId))
    : [];
  const outsider = reader && !isInTeam(reader, f) ? await activeGrant(db, reader.personId, f.team.id, now) : null;
  return { ...f, resolvers: [...new Set([...f.coaches, ...leaders])], grant: outsider ? grantReason(outsider) : null };
}

/**
 * Which side of a log the actor is on. The supporter is the supporter even if they are also
 * the advocate (then the owner confirms the other side); nobody confirms both sides.
 */
export function sideOf(actor: Actor | null, f: LogFacts, log: Pick<Log, 'supporterId'>): Side | null {
  if (!actor) return null;
  if (actor.personId === log.supporterId) return 'supporter';
  return isOwnerSide(actor, f) ? 'owner' : null;
}

/** The side that proposed the adjusted times. */
export const adjusterSide = (log: Pick<Log, 'supporterId' | 'adjustedBy'>): Side | null =>
  !log.adjustedBy ? null : log.adjustedBy === log.supporterId ? 'supporter' : 'owner';

export const isResolver = (actor: Actor | null, f: LogFacts): boolean => !!actor && f.resolvers.includes(actor.personId);

/**
 * Why this person may read this log, for the access log; null when they may not (and then it
 * is "not found", admins included). The team's people read its logs; the resolvers read the
 * logs that were disputed, while disputed and after they are resolved.
 */
export function logReadReason(actor: Actor | null, f: LogFacts, log: Log): string | null {
  if (!actor) return null;
  if (actor.personId === log.supporterId) return 'supporter';
  if (isOwnerSide(actor, f)) return actor.personId === f.team.ownerId ? 'owner' : 'advocate';
  if (isInTeam(actor, f)) return 'team member';
  if (log.disputedBy && isResolver(actor, f)) return 'coach: dispute';
  return f.grant;
}

/** Who may see the team's list of logs (the resolvers see single disputed logs, not the list). */
export function listReadReason(actor: Actor | null, f: LogFacts): string | null {
  if (!actor) return null;
  if (!isInTeam(actor, f)) return f.grant;
  if (isOwnerSide(actor, f)) return actor.personId === f.team.ownerId ? 'owner' : 'advocate';
  return 'team member';
}
