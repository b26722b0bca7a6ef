import { and, asc, inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { concernStepsFrom, concernTable, stateLabel } from './machine.ts';
import { HAT, canHandleConcern, supportFactsMany } from './policy.ts';
import { candidateTeams } from './queries.ts';
import { type ConcernState, concerns } from './schema.ts';

const openStates = (Object.keys(concernTable) as (keyof typeof concernTable)[]).flatMap((s) => [...concernTable[s].from]) as ConcernState[];

/**
 * Open concerns this person handles (canHandleConcern: the team's Safeguarding Lead or the Local
 * Circle's Team Starter or Coach, never about themselves), longest untouched first, each with
 * the next step a handler takes on its page. Bounded.
 */
export async function concernsToHandle(db: Db, actor: Actor, now: Date, limit = 20) {
  const teamIds = await candidateTeams(db, actor.personId, now, [HAT.starter, HAT.coach], [HAT.safeguarding]);
  if (teamIds.length === 0) return [];
  const rows = await db
    .select({ id: concerns.id, teamId: concerns.teamId, summary: concerns.summary, state: concerns.state, safeguarding: concerns.safeguarding, aboutPersonId: concerns.aboutPersonId, since: concerns.lastStepAt })
    .from(concerns)
    .where(and(inArray(concerns.teamId, teamIds), inArray(concerns.state, [...new Set(openStates)])))
    .orderBy(asc(concerns.lastStepAt))
    .limit(limit);
  const facts = await supportFactsMany(db, rows.map((c) => c.teamId), now);
  const out = [];
  for (const c of rows) {
    const f = facts.get(c.teamId);
    if (!f) continue;
    if (!canHandleConcern(actor, f, c)) continue;
    const next = concernStepsFrom(c.state)[0];
    out.push({ id: c.id, teamName: f.team.name, summary: c.summary, safeguarding: c.safeguarding, state: stateLabel(c.state), next: next ? concernTable[next].label : null, since: c.since });
  }
  return out;
}
