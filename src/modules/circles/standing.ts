import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { isoDate } from './dates.ts';
import { hatInForceSql } from './roles.ts';

/**
 * The circles where the person is a full participant now, seen from the person's side: by the
 * rule of circleMembership (queries.ts), a direct member recorded as full, or the Leader or
 * Delegate of a child circle while their term runs (double-linking makes them full in the
 * parent). One statement, bounded: a person is in a handful of circles, never hundreds.
 */
export async function circlesWhereFull(db: Db, personId: string, now: Date): Promise<string[]> {
  const rows = await db.execute(sql`
    SELECT m.circle_id AS id FROM circle_members m
      WHERE m.person_id = ${personId} AND m.left_at IS NULL AND m.participation = 'full'
    UNION
    SELECT c.parent_id AS id FROM hat_assignments a
      JOIN hat_definitions d ON d.id = a.hat_id
      JOIN circles c ON c.id = a.circle_id
      WHERE a.person_id = ${personId} AND c.parent_id IS NOT NULL AND d.role IN ('leader', 'delegate')
        AND ${hatInForceSql('a', isoDate(now))}
    LIMIT 200`);
  return (rows as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
}
