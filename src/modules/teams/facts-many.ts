// The facts of many teams at once (issue 20): lists that decide something team by team (home's
// joins, care logs and concerns) read every candidate team's facts in one statement, whatever
// the number of teams, instead of a statement or more a team. The rules stay policy.ts's
// (canWelcome, isOwnerSide, isInTeam over TeamFacts), and so do the facts: loadTeams reads them
// as loadTeam does, one named prepared statement over many teams (ADR 0028).
import type { Db } from '../../platform/db.ts';
import { type TeamFacts, loadTeams } from './policy.ts';

/**
 * Each team's facts, as teamFacts reads them, for every id that is a team (others are left
 * out: a caller deciding per team finds no facts and decides no). One statement.
 */
export async function teamFactsMany(db: Db, teamIds: readonly string[], now: Date): Promise<Map<string, TeamFacts>> {
  const ids = [...new Set(teamIds)];
  const out = new Map<string, TeamFacts>();
  if (ids.length === 0) return out;
  for (const [id, team] of await loadTeams(db, ids, now)) out.set(id, team.facts);
  return out;
}
