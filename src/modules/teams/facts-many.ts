// The facts of many teams at once (issue 20): lists that decide something team by team (home's
// joins, care logs and concerns) read every candidate team's facts in two statements, whatever
// the number of teams, instead of eight statements a team. The rules stay policy.ts's
// (canWelcome, isOwnerSide, isInTeam over TeamFacts); this only reads the same facts as
// loadTeam, set-based: the team's circle and settings, its members (direct, and the Leader and
// Delegate of a circle within while their term runs, as circleMembership), and the holders of
// its membership hat.
import type { Db } from '../../platform/db.ts';
import { fixedStatement } from '../../platform/db.ts';
import { isUuid } from '../../platform/ids.ts';
import { isoDate } from '../circles/dates.ts';
import type { TeamFacts } from './policy.ts';

const TEAMS = `
  SELECT c.id, c.name, c.owner_id, c.parent_id, t.advocate_id FROM circles c
    LEFT JOIN teams t ON t.circle_id = c.id
  WHERE c.id = ANY($1::uuid[]) AND c.kind = 'team' AND c.owner_id IS NOT NULL`;

/** The same tests of a hat in force as hatInForceSql (circles/roles.ts), written out: the text is fixed. */
const PEOPLE = `
  SELECT m.circle_id AS team_id, m.person_id, 'member' AS why FROM circle_members m
    WHERE m.circle_id = ANY($1::uuid[]) AND m.left_at IS NULL
  UNION
  SELECT c.parent_id, a.person_id, 'member' FROM hat_assignments a
    JOIN hat_definitions d ON d.id = a.hat_id
    JOIN circles c ON c.id = a.circle_id
    WHERE c.parent_id = ANY($1::uuid[]) AND d.role IN ('leader', 'delegate')
      AND a.ended_at IS NULL AND a.term_start <= $2::date AND a.term_end >= $2::date
  UNION
  SELECT a.circle_id, a.person_id, 'welcomer' FROM hat_assignments a
    JOIN hat_definitions d ON d.id = a.hat_id
    WHERE a.circle_id = ANY($1::uuid[]) AND d.name ~* 'membership'
      AND a.ended_at IS NULL AND a.term_start <= $2::date AND a.term_end >= $2::date`;

/**
 * Each team's facts, as teamFacts reads them, for every id that is a team (others are left
 * out: a caller deciding per team finds no facts and decides no). Two statements.
 */
export async function teamFactsMany(db: Db, teamIds: readonly string[], now: Date): Promise<Map<string, TeamFacts>> {
  const ids = [...new Set(teamIds.filter(isUuid))];
  const out = new Map<string, TeamFacts>();
  if (ids.length === 0) return out;
  const rows = await fixedStatement<{ id: string; name: string; owner_id: string; parent_id: string | null; advocate_id: string | null }>(db, 'team_facts_many', TEAMS, [ids]);
  for (const r of rows) out.set(r.id, { team: { id: r.id, name: r.name, ownerId: r.owner_id, parentId: r.parent_id }, advocateId: r.advocate_id, memberIds: [], welcomers: [] });
  if (out.size === 0) return out;
  const people = await fixedStatement<{ team_id: string; person_id: string; why: string }>(db, 'team_facts_many_people', PEOPLE, [[...out.keys()], isoDate(now)]);
  for (const p of people) {
    const f = out.get(p.team_id);
    if (!f) continue;
    const list = p.why === 'member' ? f.memberIds : f.welcomers;
    if (!list.includes(p.person_id)) list.push(p.person_id);
  }
  return out;
}
