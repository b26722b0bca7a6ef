import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db.ts';

/** What an anonymised person is called once their name goes (their id stays everywhere). */
export const FORMER_MEMBER = 'Former member';
/** What a chat message of someone anonymised says instead of its words. */
export const REMOVED_MESSAGE = '(Message removed: its author left the co-op.)';

/**
 * Anonymise one person who left, in everything not under retention. Their id stays in every
 * row (ledger entries, care-log chains and the access log name people by id), so every chain
 * still verifies; what identifies or contacts them goes. Credit transfers are append-only: only
 * their message may be emptied, under the retention run's redact setting (migration 0038).
 * Their name stays while a care record under retention names them (eraseNames).
 */
export async function anonymiseLeaver(tx: Tx, personId: string, now: Date, policy: string): Promise<void> {
  await tx.execute(sql`UPDATE chat_messages SET body = ${REMOVED_MESSAGE} WHERE author_id = ${personId} AND kind = 'user'`);
  await tx.execute(sql`UPDATE credit_transfers SET message = NULL WHERE message IS NOT NULL AND (created_by = ${personId}
    OR from_account IN (SELECT id FROM credit_accounts WHERE person_id = ${personId})
    OR to_account IN (SELECT id FROM credit_accounts WHERE person_id = ${personId}))`);
  // Their Giving Support Profile is what they offered to do: nothing they are owed or owe.
  await tx.execute(sql`DELETE FROM giving_profiles WHERE person_id = ${personId}`);
  await tx.execute(sql`DELETE FROM notifications WHERE person_id = ${personId}`);
  await tx.execute(sql`DELETE FROM sessions WHERE person_id = ${personId}`);
  await tx.execute(sql`DELETE FROM password_resets WHERE person_id = ${personId}`);
  await tx.execute(sql`UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ${now}), label = '' WHERE person_id = ${personId}`);
  await tx.execute(sql`UPDATE calendar_feeds SET revoked_at = coalesce(revoked_at, ${now}) WHERE person_id = ${personId}`);
  await tx.execute(sql`UPDATE invitations SET email = ${anonymousEmail(personId)}, name = ${FORMER_MEMBER}, message = NULL WHERE used_by = ${personId}`);
  await tx.execute(sql`UPDATE people SET email = ${anonymousEmail(personId)}, preferred_name = NULL, pronouns = NULL, phone = NULL,
    address = NULL, accessibility = '{}'::jsonb, password_hash = NULL WHERE id = ${personId}`);
  await tx.execute(sql`INSERT INTO anonymisations (person_id, at, policy) VALUES (${personId}, ${now}, ${policy}) ON CONFLICT (person_id) DO NOTHING`);
}

/** A unique address that can never receive mail (.invalid is reserved: RFC 2606). */
export const anonymousEmail = (personId: string): string => `left-${personId}@anonymised.invalid`;

/**
 * Care records under retention: a team's records, until the team is disposed of. A person is
 * named in them as the team's owner, a supporter who logged support or came to a visit, the
 * author of a note, whoever recorded a dose, or raised a concern.
 */
const namedInRetainedCare = (person: ReturnType<typeof sql>) => sql`(
  EXISTS (SELECT 1 FROM circles c WHERE c.kind = 'team' AND c.owner_id = ${person} AND NOT EXISTS (SELECT 1 FROM care_disposals d WHERE d.team_id = c.id))
  OR EXISTS (SELECT 1 FROM care_logs l WHERE l.supporter_id = ${person} AND NOT EXISTS (SELECT 1 FROM care_disposals d WHERE d.team_id = l.team_id))
  OR EXISTS (SELECT 1 FROM care_notes n JOIN care_note_versions v ON v.note_id = n.id WHERE v.author_id = ${person} AND NOT EXISTS (SELECT 1 FROM care_disposals d WHERE d.team_id = n.team_id))
  OR EXISTS (SELECT 1 FROM medication_doses m WHERE m.recorded_by = ${person} AND NOT EXISTS (SELECT 1 FROM care_disposals d WHERE d.team_id = m.team_id))
  OR EXISTS (SELECT 1 FROM visit_supporters s JOIN visits v ON v.id = s.visit_id WHERE s.person_id = ${person} AND NOT EXISTS (SELECT 1 FROM care_disposals d WHERE d.team_id = v.team_id))
  OR EXISTS (SELECT 1 FROM concerns k WHERE (k.raised_by = ${person} OR k.about_person_id = ${person}) AND NOT EXISTS (SELECT 1 FROM care_disposals d WHERE d.team_id = k.team_id)))`;

/** Erase the names of anonymised people no care record under retention names any more. How many. */
export async function eraseNames(tx: Tx, now: Date): Promise<number> {
  const due = (await tx.execute(sql`SELECT a.person_id FROM anonymisations a WHERE a.name_erased_at IS NULL AND NOT ${namedInRetainedCare(sql`a.person_id`)}`)) as unknown as { rows: { person_id: string }[] };
  for (const { person_id: id } of due.rows) {
    await tx.execute(sql`UPDATE people SET name = ${FORMER_MEMBER} WHERE id = ${id}`);
    await tx.execute(sql`UPDATE invitations SET name = ${FORMER_MEMBER} WHERE used_by = ${id}`);
    // A person's credits account carries their name as its label.
    await tx.execute(sql`UPDATE credit_accounts SET name = ${FORMER_MEMBER} WHERE person_id = ${id}`);
    await tx.execute(sql`UPDATE anonymisations SET name_erased_at = ${now} WHERE person_id = ${id}`);
  }
  return due.rows.length;
}
