import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db.ts';

/**
 * A team's care records past the co-op's retention period (ADR 0025). What is only care text
 * is deleted: the notes (allowed by the redact setting the run holds, migration 0038), the
 * medication record, the Getting Support Profile, concerns and conflict records; the visits
 * keep their times but lose their places (addresses) and notes; expense receipts go. The care
 * logs stay: they are hash-chained (ADR 0011), the credits earned and the statements rest on
 * them, and they hold times, minutes and a few words, never clinical detail. The people they
 * name lose their names when they are anonymised (anonymise.ts), so nothing identifies them.
 */
export async function disposeTeam(tx: Tx, teamId: string, supportEndedAt: Date, now: Date, policy: string): Promise<void> {
  await tx.execute(sql`DELETE FROM care_note_versions WHERE note_id IN (SELECT id FROM care_notes WHERE team_id = ${teamId})`);
  await tx.execute(sql`DELETE FROM care_notes WHERE team_id = ${teamId}`);
  await tx.execute(sql`DELETE FROM medication_doses WHERE team_id = ${teamId}`);
  await tx.execute(sql`DELETE FROM medicines WHERE team_id = ${teamId}`);
  await tx.execute(sql`DELETE FROM support_profiles WHERE team_id = ${teamId}`);
  await tx.execute(sql`DELETE FROM concern_steps WHERE concern_id IN (SELECT id FROM concerns WHERE team_id = ${teamId})`);
  await tx.execute(sql`DELETE FROM concern_viewers WHERE concern_id IN (SELECT id FROM concerns WHERE team_id = ${teamId})`);
  await tx.execute(sql`DELETE FROM concerns WHERE team_id = ${teamId}`);
  await tx.execute(sql`DELETE FROM conflict_steps WHERE conflict_id IN (SELECT id FROM conflicts WHERE team_id = ${teamId})`);
  await tx.execute(sql`DELETE FROM conflicts WHERE team_id = ${teamId}`);
  await tx.execute(sql`UPDATE visits SET place = '', notes = '', cancel_reason = NULL, rearrange_reason = NULL WHERE team_id = ${teamId}`);
  await tx.execute(sql`UPDATE visit_series SET place = '', notes = '' WHERE team_id = ${teamId}`);
  await tx.execute(sql`UPDATE care_expenses SET receipt = NULL, receipt_name = NULL, receipt_type = NULL WHERE team_id = ${teamId}`);
  await tx.execute(sql`INSERT INTO care_disposals (team_id, support_ended_at, at, policy) VALUES (${teamId}, ${supportEndedAt}, ${now}, ${policy}) ON CONFLICT (team_id) DO NOTHING`);
}
