import type { Actor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db.ts';
import { NotAllowed, NotFound } from '../../../platform/errors.ts';
import { type CareFacts, careFacts, careFactsMany, isInTeam, isOwnerSide } from '../policy.ts';
import { activeGrant, grantReason } from '../records/policy.ts';
import type { careLogs } from '../schema.ts';

type Log = Pick<typeof careLogs.$inferSelect, 'supporterId' | 'disputedBy' | 'adjustedBy'>;
/** What the party rules read of a log: who it is about and everyone who has acted on it. */
export type PartyLog = Pick<
  typeof careLogs.$inferSelect,
  'supporterId' | 'disputedBy' | 'adjustedBy' | 'createdBy' | 'ownerConfirmedBy' | 'supporterConfirmedAt' | 'ownerConfirmedAt'
>;
export type Side = 'supporter' | 'owner';

export interface LogFacts extends CareFacts {
  /**
   * Who resolves a dispute: the Local Circle's Coaches (careFacts) and its Leader, the person
   * wearing the Local Circle's hat with the platform role "leader" (circles/schema.ts), the same
   * hat that links the Local Circle to its parent.
   */
  resolvers: string[];
  /**
   * For a reader outside the team: the reason of their special-access grant in force, if any.
   * Read only when it is the reader's one way in: given a log, a resolver of its dispute has one
   * of their own, and their grant is not read (null).
   */
  grant: string | null;
}

/**
 * A team's facts for care logs; given the reader, also whether a special-access grant lets them
 * read. Given the log they open, the grant is asked only if logReadReason finds no other reason:
 * the page of a disputed log costs its resolver no look-up of grants (issue 20: that statement
 * was the one /care-logs/:id sent more on a larger co-op, as its sample resolver read a dispute).
 */
export async function logFacts(db: Db, teamId: unknown, now: Date, reader: Actor | null = null, log?: Log): Promise<LogFacts> {
  const f = await careFacts(db, teamId, now);
  const facts: LogFacts = { ...f, resolvers: [...new Set([...f.coaches, ...f.localLeaders])], grant: null };
  const grantNeeded = reader && (log ? logReadReason(reader, facts, log) === null : !isInTeam(reader, f));
  const outsider = grantNeeded ? await activeGrant(db, reader.personId, f.team.id, now) : null;
  return { ...facts, grant: outsider ? grantReason(outsider) : null };
}

/**
 * logFacts of many teams for a reader inside them (the logs waiting for a person): careFactsMany,
 * whose hats include the Local Circles' Leaders. No grant is read: a list shows only the logs of
 * teams the person is on a side of, or resolves for.
 */
export async function logFactsMany(db: Db, teamIds: readonly string[], now: Date): Promise<Map<string, LogFacts>> {
  const care = await careFactsMany(db, teamIds, now);
  const out = new Map<string, LogFacts>();
  for (const [id, f] of care) out.set(id, { ...f, resolvers: [...new Set([...f.coaches, ...f.localLeaders])], grant: null });
  return out;
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

/** Who may add a log after the fact (its form page asks the same): the owner's side, or a supporter in the team. */
export const mayAddLog = (actor: Actor, f: LogFacts): boolean => isOwnerSide(actor, f) || f.memberIds.includes(actor.personId) || f.trialists.has(actor.personId);

export function assertMayAddLog(actor: Actor, f: LogFacts): void {
  if (!mayAddLog(actor, f)) throw new NotFound('That team was not found.');
}

/** The side that proposed the adjusted times. */
export const adjusterSide = (log: Pick<Log, 'supporterId' | 'adjustedBy'>): Side | null =>
  !log.adjustedBy ? null : log.adjustedBy === log.supporterId ? 'supporter' : 'owner';

export const isResolver = (actor: Actor | null, f: LogFacts): boolean => !!actor && f.resolvers.includes(actor.personId);

/**
 * Whether the owner's side is a party to this log: one of them wrote it, confirmed it, proposed
 * its times or disputed it. A log only its supporter has stood behind is "a supporter's log".
 */
export function ownerSideIsParty(f: LogFacts, log: PartyLog): boolean {
  const side = [f.team.ownerId, f.advocateId].filter((x): x is string => !!x);
  return [log.createdBy, log.ownerConfirmedBy, log.adjustedBy, log.disputedBy].some((p) => !!p && side.includes(p));
}

/**
 * Everyone a log is between or who has acted on it: its supporter, whoever wrote, confirmed,
 * re-timed or disputed it, and the owner and advocate when their side is a party. Nobody in
 * here confirms for the other side, resolves or settles the log (DOMAIN.md 5).
 */
export function partiesOf(f: LogFacts, log: PartyLog): Set<string> {
  const parties = new Set([log.supporterId, log.createdBy, log.ownerConfirmedBy, log.adjustedBy, log.disputedBy].filter((x): x is string => !!x));
  if (ownerSideIsParty(f, log)) for (const p of [f.team.ownerId, f.advocateId]) if (p) parties.add(p);
  return parties;
}

/**
 * Who resolves a dispute: never a party to the log. A supporter's log (the owner's side has
 * not taken part) is settled by the owner's side or a resolver; a log the owner's side is a
 * party to, by a Local Circle Coach or Leader who is not in the log.
 */
export function mayResolve(actor: Actor | null, f: LogFacts, log: PartyLog): boolean {
  if (!actor || partiesOf(f, log).has(actor.personId)) return false;
  if (!ownerSideIsParty(f, log) && isOwnerSide(actor, f)) return true;
  return isResolver(actor, f) && !isOwnerSide(actor, f);
}

export function assertMayResolve(actor: Actor, f: LogFacts, log: PartyLog): void {
  if (mayResolve(actor, f, log)) return;
  if (partiesOf(f, log).has(actor.personId)) throw new NotAllowed('You are a party to this care log, so you cannot resolve it: someone who is not in it does.');
  throw new NotAllowed(
    ownerSideIsParty(f, log)
      ? "Only the team's coach or the Local Circle's leader, when not in this log, resolves it."
      : "Only the owner's side, the team's coach or the Local Circle's leader, when not in this log, resolves it.",
  );
}

/**
 * Auto-confirm stands in for a side that did not answer in time, never for both: a log nobody
 * has confirmed (a visit's log before either side answered) waits for people.
 */
export const mayAutoConfirm = (log: PartyLog): boolean => !!log.supporterConfirmedAt || !!log.ownerConfirmedAt;

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
