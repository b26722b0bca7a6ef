import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { NotFound } from '../../platform/errors.ts';
import { preparedStatement } from '../../platform/prepared.ts';
import { circleMembers, circles } from '../circles/schema.ts';
import { people } from '../people/schema.ts';
import { essentialsHeld, promiseAccepted } from './commands/team.ts';
import { canWelcome, isInTeam, isOwnerSide, loadTeam } from './policy.ts';
import { type JoinState, teamJoins, teamNotices, teams } from './schema.ts';

/** Everything the team page shows, for someone in the team (others get Not found). */
export async function teamOverview(db: Db, actor: Actor, teamId: string, now: Date) {
  // Members and hats are read once, for the facts and for the page.
  const { facts, settings, members, hats } = await loadTeam(db, teamId, now);
  const inTeam = isInTeam(actor, facts);
  const welcomer = canWelcome(actor, facts);
  // Someone outside the team sees it only while a join is open (invited, asking, on trial): a
  // removed member or a past trialist sees nothing of it, not even how they once joined.
  const myJoin = inTeam && welcomer ? [] : await joinsFor(db, facts.team.id, actor.personId);
  const open = myJoin.filter((j) => openJoinStates.includes(j.join.state));
  if (!inTeam && open.length === 0) throw new NotFound('That team was not found.');
  const joins = welcomer ? await joinsFor(db, facts.team.id) : inTeam ? myJoin : open;
  return {
    facts,
    inTeam,
    ownerSide: isOwnerSide(actor, facts),
    welcomer,
    selfManagingAt: settings?.selfManagingAt ?? null,
    members: inTeam ? members : [],
    hats: inTeam ? hats : [],
    essentials: inTeam ? essentialsHeld(hats) : [],
    promise: inTeam ? await promiseAccepted(db, facts.team.id) : null,
    joins,
    notices: inTeam ? await openNotices(db, { teamId: facts.team.id }) : [],
  };
}

// The team page's own statements, prepared (ADR 0023): the page is one of the busiest.
const openNotices = preparedStatement('teams_open_notices', (db) =>
  db.select({ notice: teamNotices, name: people.name }).from(teamNotices).innerJoin(people, eq(people.id, teamNotices.personId))
    .where(and(eq(teamNotices.teamId, sql.placeholder('teamId')), isNull(teamNotices.leftAt))));

const joinsQuery = (db: Db, byPerson: boolean) =>
  db.select({ join: teamJoins, name: people.name }).from(teamJoins).innerJoin(people, eq(people.id, teamJoins.personId))
    .where(and(eq(teamJoins.teamId, sql.placeholder('teamId')), byPerson ? eq(teamJoins.personId, sql.placeholder('personId')) : undefined))
    .orderBy(desc(teamJoins.updatedAt));
const teamJoinsAll = preparedStatement('teams_joins', (db) => joinsQuery(db, false));
const teamJoinsOf = preparedStatement('teams_joins_of_person', (db) => joinsQuery(db, true));

/** The joins that let someone outside the team see it: those still under way. */
export const openJoinStates: readonly JoinState[] = ['invited', 'requested', 'trial'];

export async function joinsFor(db: Db, teamId: string, personId?: string) {
  return personId ? teamJoinsOf(db, { teamId, personId }) : teamJoinsAll(db, { teamId });
}

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
