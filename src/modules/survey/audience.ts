import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import type { StakeholderGroup } from './schema.ts';

/** The circles a round asks: every circle, or a Local Circle with everything under it (its teams). */
const scope = (audienceCircleId: string | null) =>
  audienceCircleId
    ? sql`WITH RECURSIVE scope(id) AS (SELECT id FROM circles WHERE id = ${audienceCircleId} UNION SELECT c.id FROM circles c JOIN scope s ON c.parent_id = s.id)`
    : sql`WITH scope(id) AS (SELECT id FROM circles)`;

/** Everyone the round asks: the members of the circles in scope, and the owners of its teams. */
export async function peopleAsked(db: Db, audienceCircleId: string | null): Promise<string[]> {
  const rows = await db.execute(sql`${scope(audienceCircleId)}
    SELECT cm.person_id FROM circle_members cm JOIN scope ON scope.id = cm.circle_id WHERE cm.left_at IS NULL
    UNION
    SELECT c.owner_id FROM circles c JOIN scope ON scope.id = c.id WHERE c.owner_id IS NOT NULL`);
  return (rows as unknown as { rows: { person_id: string }[] }).rows.map((r) => r.person_id);
}

export interface AnswerAs {
  circleId: string;
  circleName: string;
  kind: 'circle' | 'team';
  group: StakeholderGroup;
}

/**
 * The teams and circles in the round's scope a person can answer about, each with the group
 * they answer as there: in a team, its owner is a person getting support, its advocate and the
 * family and friends who joined it are family, everyone else gives support (a worker or a
 * volunteer); in another circle, their member class says (supported, advocate, or else worker).
 * Teams first: that is where most people's experience of the co-op is.
 */
export async function answerChoices(db: Db, audienceCircleId: string | null, personId: string): Promise<AnswerAs[]> {
  const rows = await db.execute(sql`${scope(audienceCircleId)}
    SELECT c.id, c.name, c.kind, c.owner_id, t.advocate_id,
      EXISTS (SELECT 1 FROM team_joins j WHERE j.team_id = c.id AND j.person_id = ${personId} AND j.state = 'joined' AND j.supporter_kind IN ('family', 'friend')) AS family,
      (SELECT m.member_class FROM memberships m WHERE m.person_id = ${personId} AND m.state IN ('admitted', 'probation')
        ORDER BY CASE m.member_class WHEN 'supported' THEN 1 WHEN 'advocate' THEN 2 ELSE 3 END LIMIT 1) AS member_class
    FROM circles c JOIN scope ON scope.id = c.id
    LEFT JOIN teams t ON t.circle_id = c.id
    WHERE c.owner_id = ${personId}
       OR EXISTS (SELECT 1 FROM circle_members cm WHERE cm.circle_id = c.id AND cm.person_id = ${personId} AND cm.left_at IS NULL)
    ORDER BY CASE c.kind WHEN 'team' THEN 0 ELSE 1 END, c.name
    LIMIT 50`);
  type Row = { id: string; name: string; kind: 'circle' | 'team'; owner_id: string | null; advocate_id: string | null; family: boolean; member_class: string | null };
  return (rows as unknown as { rows: Row[] }).rows.map((r) => ({
    circleId: r.id,
    circleName: r.name,
    kind: r.kind,
    group:
      r.kind === 'team'
        ? r.owner_id === personId ? 'supported' : r.advocate_id === personId || r.family ? 'family' : 'worker'
        : r.member_class === 'supported' ? 'supported' : r.member_class === 'advocate' ? 'family' : 'worker',
  }));
}
