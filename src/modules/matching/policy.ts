import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { circlesPeople } from '../circles/facts.ts';
import { circlesOf } from '../circles/queries.ts';
import { type HatRole, circlesWhereRole, wearsRole } from '../circles/roles.ts';
import { type TeamFacts, isOwnerSide } from '../teams/policy.ts';

/** The roles that start and coach teams, as the starter module reads them. */
const startsTeams: HatRole[] = ['team-starter', 'coach'];

/** Team Starters and Coaches (a hat with that role, in force, in any circle), and the co-op's admins. */
export async function isTeamStarter(db: Db, actor: Actor | null, now: Date): Promise<boolean> {
  if (!actor) return false;
  if (actor.isAdmin) return true;
  return (await circlesWhereRole(db, actor.personId, startsTeams, now)).length > 0;
}

/**
 * Who may look for supporters, shortlist and introduce for a team and draft its call-outs: the
 * owner's side, admins, and a Team Starter or Coach of the team itself or of its Local Circle.
 */
export async function mayFindForTeam(db: Db, actor: Actor | null, facts: TeamFacts, now: Date): Promise<boolean> {
  if (!actor) return false;
  if (actor.isAdmin || isOwnerSide(actor, facts)) return true;
  for (const circleId of [facts.team.id, facts.team.parentId]) {
    if (!circleId) continue;
    if (await wearsRole(db, circleId, actor.personId, startsTeams, now)) return true;
  }
  return false;
}

/** Everyone who shares a circle or team with the person (members, linked members, owners). */
export async function circleMates(db: Db, personId: string, now: Date): Promise<Set<string>> {
  const mates = new Set<string>();
  // Every circle's people in one statement, however many circles the person is in (issue 20).
  for (const c of (await circlesPeople(db, (await circlesOf(db, personId)).map((x) => x.id), now)).values()) {
    for (const m of c.members) mates.add(m.personId);
    if (c.ownerId) mates.add(c.ownerId);
  }
  return mates;
}

/**
 * A Giving Support Profile is seen by its person, and by co-op members only when it is open to
 * new teams or they share a circle. Admins are no exception: a closed profile is private.
 */
export const canViewProfile = (viewer: Actor, profile: { personId: string; openToNewTeams: boolean }, mates: Set<string>): boolean =>
  viewer.personId === profile.personId || profile.openToNewTeams || mates.has(profile.personId);
