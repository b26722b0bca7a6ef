import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { NotFound } from '../../platform/errors.ts';
import { circleMembers, circles } from '../circles/schema.ts';
import { essentialsHeld, promiseInForce } from './commands/team.ts';
import { canWelcome, isInTeam, isOwnerSide, loadTeam } from './policy.ts';
import { type JoinState, teamJoins, teams } from './schema.ts';
import { teamSurroundings } from './surroundings.ts';

/**
 * Everything the team page shows, for someone in the team (others get Not found), with what its
 * care map needs (`around`, for those in the team). Two statements: the team's facts with its
 * members and hats, then everything around them (teamSurroundings).
 */
export async function teamOverview(db: Db, actor: Actor, teamId: string, now: Date) {
  // Members and hats are read once, for the facts and for the page.
  const { facts, settings, members, hats } = await loadTeam(db, teamId, now);
  const around = await teamSurroundings(db, facts.team.id);
  const inTeam = isInTeam(actor, facts);
  const welcomer = canWelcome(actor, facts);
  // Someone outside the team sees it only while a join is open (invited, asking, on trial): a
  // removed member or a past trialist sees nothing of it, not even how they once joined.
  const myJoins = around.joins.filter((j) => j.join.personId === actor.personId);
  const open = myJoins.filter((j) => openJoinStates.includes(j.join.state));
  if (!inTeam && open.length === 0) throw new NotFound('That team was not found.');
  return {
    facts,
    inTeam,
    ownerSide: isOwnerSide(actor, facts),
    welcomer,
    selfManagingAt: settings?.selfManagingAt ?? null,
    members: inTeam ? members : [],
    hats: inTeam ? hats : [],
    essentials: inTeam ? essentialsHeld(hats) : [],
    promise: inTeam ? promiseInForce(around.latestPromise) : null,
    /** The joins the asker may see: all of them for a welcomer, their own for anyone else in the team, their open ones for someone outside it. */
    joins: welcomer ? around.joins : inTeam ? myJoins : open,
    /** The asker's own joins, whatever their state (a join's page). */
    myJoins,
    notices: inTeam ? around.notices : [],
    /** What the care map needs, for those in the team: of the joins, only how each person takes part. */
    around: inTeam ? { connections: around.connections, localCircle: around.localCircle, joins: around.joins.map(({ join: j }) => ({ join: { personId: j.personId, state: j.state, supporterKind: j.supporterKind } })) } : null,
  };
}

/** The joins that let someone outside the team see it: those still under way. */
export const openJoinStates: readonly JoinState[] = ['invited', 'requested', 'trial'];

/** Teams the person owns, advocates for, belongs to, or has an open invitation or request for. */
export async function myTeams(db: Db, personId: string) {
  const memberOf = db.select({ id: circleMembers.circleId }).from(circleMembers).where(and(eq(circleMembers.personId, personId), isNull(circleMembers.leftAt)));
  const advocateFor = db.select({ id: teams.circleId }).from(teams).where(eq(teams.advocateId, personId));
  const list = await db
    .select({ id: circles.id, name: circles.name, ownerId: circles.ownerId })
    .from(circles)
    .where(and(eq(circles.kind, 'team'), or(eq(circles.ownerId, personId), inArray(circles.id, memberOf), inArray(circles.id, advocateFor))))
    .orderBy(asc(circles.name));
  const open = await db
    .select({ join: teamJoins, team: circles.name })
    .from(teamJoins)
    .innerJoin(circles, eq(circles.id, teamJoins.teamId))
    .where(and(eq(teamJoins.personId, personId), inArray(teamJoins.state, [...openJoinStates])));
  return { teams: list, open };
}

/** The teams this person owns (the person each is for), by name: home's links to them, in one statement. */
export async function teamsOwnedBy(db: Db, personId: string): Promise<{ id: string; name: string }[]> {
  return db.select({ id: circles.id, name: circles.name }).from(circles).where(and(eq(circles.kind, 'team'), eq(circles.ownerId, personId))).orderBy(asc(circles.name));
}

/** Teams someone may ask to join: those of the Local Circles they belong to (transparency within the co-op stops at a team's door). */
export async function joinableTeams(db: Db, personId: string) {
  const localIds = db.select({ id: circleMembers.circleId }).from(circleMembers).where(and(eq(circleMembers.personId, personId), isNull(circleMembers.leftAt)));
  return db
    .select({ id: circles.id, name: circles.name })
    .from(circles)
    .where(and(eq(circles.kind, 'team'), inArray(circles.parentId, localIds)))
    .orderBy(asc(circles.name));
}
