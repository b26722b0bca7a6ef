import { and, desc, inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { isoDate } from '../circles/dates.ts';
import { currentHats } from '../circles/queries.ts';
import { teamFactsMany } from '../teams/facts-many.ts';
import { type TeamFacts, isInTeam, isOwnerSide, teamFacts } from '../teams/policy.ts';
import { type SupporterKind, teamJoins } from '../teams/schema.ts';

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

/** Everything a care decision needs about a team: three statements. Not found for anything that is not a team. */
export async function careFacts(db: Db, teamId: unknown, now: Date): Promise<CareFacts> {
  const f = await teamFacts(db, teamId, now);
  return (await withCare(db, new Map([[f.team.id, f]]), now)).get(f.team.id) as CareFacts;
}

/**
 * careFacts for many teams at once, the same facts read set-based (issue 20: home and the
 * care-log list decide team by team): the teams' facts, then every team's joins and the MAR
 * Holder and Coach hats, in four statements whatever the number of teams. A non-team is left out.
 */
export async function careFactsMany(db: Db, teamIds: readonly string[], now: Date): Promise<Map<string, CareFacts>> {
  return withCare(db, await teamFactsMany(db, teamIds, now), now);
}

/** The teams' joins and their MAR Holder and Coach hats, in two statements whatever the number of teams. */
async function withCare(db: Db, teamsFacts: Map<string, TeamFacts>, now: Date): Promise<Map<string, CareFacts>> {
  const out = new Map<string, CareFacts>();
  if (teamsFacts.size === 0) return out;
  const ids = [...teamsFacts.keys()];
  const parents = [...new Set([...teamsFacts.values()].flatMap((f) => (f.team.parentId ? [f.team.parentId] : [])))];
  const joins = await db
    .select({ teamId: teamJoins.teamId, personId: teamJoins.personId, kind: teamJoins.supporterKind, state: teamJoins.state })
    .from(teamJoins)
    .where(and(inArray(teamJoins.teamId, ids), inArray(teamJoins.state, ['joined', 'trial'])))
    .orderBy(desc(teamJoins.updatedAt));
  const hats = await currentHats(db, [...ids, ...parents], isoDate(now), ['mar-holder', 'coach', 'leader']);
  const holders = (circleId: string | null, role: string) => (circleId ? [...new Set(hats.filter((h) => h.circleId === circleId && h.role === role).map((h) => h.personId))] : []);
  for (const [id, f] of teamsFacts) {
    const mine = joins.filter((j) => j.teamId === id);
    const kinds = new Map<string, SupporterKind | null>(f.memberIds.map((p) => [p, null]));
    for (const j of mine.filter((x) => x.state === 'joined' && f.memberIds.includes(x.personId)).reverse()) kinds.set(j.personId, j.kind);
    const trialists = new Map(mine.filter((j) => j.state === 'trial' && !f.memberIds.includes(j.personId)).reverse().map((j) => [j.personId, j.kind]));
    out.set(id, { ...f, kinds, marHolders: holders(id, 'mar-holder'), coaches: holders(f.team.parentId, 'coach'), localLeaders: holders(f.team.parentId, 'leader'), trialists });
  }
  return out;
}

export const isPaidWorker = (f: CareFacts, personId: string): boolean => f.kinds.get(personId) === 'paid';
export const isVolunteer = (f: CareFacts, personId: string): boolean => (f.kinds.get(personId) ?? f.trialists.get(personId)) === 'volunteer';
/** A person on trial (DOMAIN.md 4): booked for trial visits and logging their support like a member. */
export const isOnTrial = (f: CareFacts, personId: string): boolean => f.trialists.has(personId);

/** Doses are recorded by paid workers and the MAR Holder only; volunteers never (DOMAIN.md 5). */
export const mayRecordDoses = (actor: Actor | null, f: CareFacts): boolean =>
  !!actor && !isVolunteer(f, actor.personId) && (isPaidWorker(f, actor.personId) || f.marHolders.includes(actor.personId));
