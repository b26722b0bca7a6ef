import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { type CircleFacts, type TeamRows, circleFactsOfTeams } from '../circles/facts.ts';
import { type TeamFacts, asTeam, isInTeam, isOwnerSide } from '../teams/policy.ts';
import type { SupporterKind } from '../teams/schema.ts';

export { isInTeam, isOwnerSide };

export interface CareFacts extends TeamFacts {
  /** How each member joined (paid, volunteer, family...): null where they were added directly. */
  kinds: Map<string, SupporterKind | null>;
  /** Holders of the team's MAR Holder hat. */
  marHolders: string[];
  /** Holders of the Coach hat in the team's Local Circle (the parent circle). */
  coaches: string[];
  /** Holders of the Leader hat in the Local Circle: with its Coaches, who resolve a disputed care log. */
  localLeaders: string[];
  /** People on trial with the team (not members yet), with how they would support it. */
  trialists: Map<string, SupporterKind>;
}

/** Everything a care decision needs about a team: one statement. Not found for anything that is not a team. */
export async function careFacts(db: Db, teamId: unknown, now: Date): Promise<CareFacts> {
  const f = isUuid(teamId) ? (await careFactsMany(db, [teamId], now)).get(teamId) : undefined;
  if (!f) throw new NotFound('That team was not found.');
  return f;
}

/**
 * careFacts for many teams at once (issue 20: home and the care-log list decide team by team):
 * the teams' facts with their joins and the Coach and Leader hats of their Local Circles, in
 * one statement whatever the number of teams (ADR 0028, 0039). A non-team is left out.
 */
export async function careFactsMany(db: Db, teamIds: readonly string[], now: Date): Promise<Map<string, CareFacts>> {
  const out = new Map<string, CareFacts>();
  for (const [id, loaded] of await circleFactsOfTeams(db, teamIds, now)) {
    const team = asTeam(loaded);
    if (team) out.set(id, withCare(team.facts, loaded));
  }
  return out;
}

/** A team's facts with how each member joined, who is on trial, and who holds the care hats. */
function withCare(f: TeamFacts, { hats, joins, localHats }: Pick<CircleFacts, 'hats'> & TeamRows): CareFacts {
  const oldestFirst = [...joins].reverse(); // so a member's latest way in is the one kept
  const kinds = new Map<string, SupporterKind | null>(f.memberIds.map((p) => [p, null]));
  for (const j of oldestFirst) if (j.state === 'joined' && f.memberIds.includes(j.personId)) kinds.set(j.personId, j.kind);
  const trialists = new Map(oldestFirst.filter((j) => j.state === 'trial' && !f.memberIds.includes(j.personId)).map((j) => [j.personId, j.kind]));
  const unique = (ids: string[]) => [...new Set(ids)];
  return {
    ...f,
    kinds,
    trialists,
    marHolders: unique(hats.filter((h) => h.role === 'mar-holder').flatMap((h) => h.holders.map((x) => x.personId))),
    coaches: unique(localHats.filter((h) => h.role === 'coach').map((h) => h.personId)),
    localLeaders: unique(localHats.filter((h) => h.role === 'leader').map((h) => h.personId)),
  };
}

export const isPaidWorker = (f: CareFacts, personId: string): boolean => f.kinds.get(personId) === 'paid';
export const isVolunteer = (f: CareFacts, personId: string): boolean => (f.kinds.get(personId) ?? f.trialists.get(personId)) === 'volunteer';
/** A person on trial (DOMAIN.md 4): booked for trial visits and logging their support like a member. */
export const isOnTrial = (f: CareFacts, personId: string): boolean => f.trialists.has(personId);

/** Doses are recorded by paid workers and the MAR Holder only; volunteers never (DOMAIN.md 5). */
export const mayRecordDoses = (actor: Actor | null, f: CareFacts): boolean =>
  !!actor && !isVolunteer(f, actor.personId) && (isPaidWorker(f, actor.personId) || f.marHolders.includes(actor.personId));
