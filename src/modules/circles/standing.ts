import { type Db, fixedStatement } from '../../platform/db.ts';
import { isoDate } from './dates.ts';

/** The same test of a hat in force as hatInForceSql (roles.ts), written out: the text is fixed. */
const CIRCLES_WHERE_FULL = `
  SELECT m.circle_id AS id FROM circle_members m
    WHERE m.person_id = $1 AND m.left_at IS NULL AND m.participation = 'full'
  UNION
  SELECT c.parent_id AS id FROM hat_assignments a
    JOIN hat_definitions d ON d.id = a.hat_id
    JOIN circles c ON c.id = a.circle_id
    WHERE a.person_id = $1 AND c.parent_id IS NOT NULL AND d.role IN ('leader', 'delegate')
      AND a.ended_at IS NULL AND a.term_start <= $2::date AND a.term_end >= $2::date
  LIMIT 200`;

/**
 * The circles where the person is a full participant now, seen from the person's side: by the
 * rule of circleMembership (queries.ts), a direct member recorded as full, or the Leader or
 * Delegate of a child circle while their term runs (double-linking makes them full in the
 * parent). One statement, bounded: a person is in a handful of circles, never hundreds. Home
 * asks it on every visit: a named prepared statement (ADR 0023).
 */
export async function circlesWhereFull(db: Db, personId: string, now: Date): Promise<string[]> {
  const rows = await fixedStatement<{ id: string }>(db, 'circles_where_full', CIRCLES_WHERE_FULL, [personId, isoDate(now)]);
  return rows.map((r) => r.id);
}
