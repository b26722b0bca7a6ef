import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { circles, hatAssignments } from '../circles/schema.ts';
import { people } from '../people/schema.ts';
import { joinSteps } from './machine.ts';
import { teamFactsMany } from './facts-many.ts';
import { canWelcome } from './policy.ts';
import { teamJoins, teams } from './schema.ts';

export interface JoinAwaiting {
  id: string;
  teamId: string;
  teamName: string;
  personName: string;
  /** 'answer': an invitation to the person; 'decide': someone's request to join their team. */
  ask: 'answer' | 'decide';
  since: Date;
}

/**
 * Joins waiting for this person, by the steps of machine.ts and the rules of policy.ts: an
 * invitation they accept or decline, and a request to join a team they welcome for (the
 * owner's side or the team's membership hat, canWelcome), never their own. The teams are
 * candidates found in one statement (owned, advocated, or where they wear a hat), each then
 * asked canWelcome.
 */
export async function joinsAwaiting(db: Db, actor: Actor, now: Date, limit = 20): Promise<JoinAwaiting[]> {
  const me = actor.personId;
  const hatTeams = db.select({ id: hatAssignments.circleId }).from(hatAssignments).where(and(eq(hatAssignments.personId, me), sql`${hatAssignments.endedAt} IS NULL`));
  const advocated = db.select({ id: teams.circleId }).from(teams).where(eq(teams.advocateId, me));
  const rows = await db
    .select({ join: teamJoins, teamName: circles.name, personName: people.name })
    .from(teamJoins)
    .innerJoin(circles, eq(circles.id, teamJoins.teamId))
    .innerJoin(people, eq(people.id, teamJoins.personId))
    .where(or(
      and(eq(teamJoins.personId, me), inArray(teamJoins.state, [...joinSteps.accept.from])),
      and(
        inArray(teamJoins.state, [...joinSteps.approve.from]),
        sql`${teamJoins.personId} <> ${me}`,
        or(eq(circles.ownerId, me), inArray(teamJoins.teamId, advocated), inArray(teamJoins.teamId, hatTeams)),
      ),
    ))
    .orderBy(asc(teamJoins.updatedAt))
    .limit(limit);
  const facts = await teamFactsMany(db, rows.filter((r) => r.join.personId !== me).map((r) => r.join.teamId), now);
  const out: JoinAwaiting[] = [];
  for (const { join, teamName, personName } of rows) {
    const ask = join.personId === me ? 'answer' : 'decide';
    if (ask === 'decide') {
      const f = facts.get(join.teamId);
      if (!f || !canWelcome(actor, f)) continue;
    }
    out.push({ id: join.id, teamId: join.teamId, teamName, personName, ask, since: join.updatedAt });
  }
  return out;
}
