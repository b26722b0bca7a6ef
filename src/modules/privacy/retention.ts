import { and, eq, isNull, sql } from 'drizzle-orm';
import { shredExportKeys } from './sealed.ts';
import type { Tx } from '../../platform/db.ts';
import { appendEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { type JobContext, registerRecurringJob } from '../../platform/jobs.ts';
import { getSetting, membersCircleId } from '../membership/settings.ts';
import { coopSettings } from '../membership/schema.ts';
import { logbookEntries } from '../circles/schema.ts';
import { anonymiseLeaver, eraseNames } from './anonymise.ts';
import { disposeTeam } from './dispose.ts';
import { anonymisations, dataExports } from './schema.ts';

export const RETENTION_JOB = 'privacy.retention';
const DAY = 24 * 60 * 60 * 1000;
/** Days after leaving before a person is anonymised: time to download their export, or to undo a mistaken leaving. */
export const ANONYMISE_AFTER_DAYS = 30;

type Rows<T> = { rows: T[] };
const rows = async <T>(tx: Tx, query: ReturnType<typeof sql>) => ((await tx.execute(query)) as unknown as Rows<T>).rows;

/** The policy the run follows, in words: written in the logbook entry and on every anonymisation. */
export async function policyWords(tx: Tx): Promise<string> {
  const years = await getSetting(tx, 'careRecordRetentionYears');
  const [set] = await tx.select({ decision: coopSettings.decisionEntryId }).from(coopSettings).where(eq(coopSettings.key, 'careRecordRetentionYears'));
  const source = set ? `set by the Members' Circle decision ${set.decision}` : 'the default until the members decide otherwise';
  return [
    `Retention policy (docs/privacy.md, ADR 0025): care records are kept for ${years} years after a person's support ends (careRecordRetentionYears, ${source}).`,
    `A person who left the co-op ${ANONYMISE_AFTER_DAYS} days ago or more is anonymised in everything not under retention: their chat messages, Giving Support Profile, credit transfer messages, notifications, devices, tokens and contact details; their name goes too once no care record under retention names them.`,
    'A team whose support ended more than the retention period ago has its care notes, medication record, profile, concerns and conflict records deleted, and its visits\' places and notes emptied; its care logs stay, hash-chained, as the record that support happened and what it cost.',
    "Every person's id stays, so the credits ledger and the audit chains verify as before.",
  ].join(' ');
}

/** People whose every membership has ended, and when the last one ended. */
async function leavers(tx: Tx, before: Date) {
  return rows<{ person_id: string; left_at: Date }>(tx, sql`
    SELECT person_id, max(ended_at) AS left_at FROM memberships GROUP BY person_id
    HAVING bool_and(state IN ('left', 'removed')) AND max(ended_at) IS NOT NULL AND max(ended_at) <= ${before}`);
}

/**
 * Teams whose support has ended: the owner has left the co-op. It ended at the latest of their
 * leaving, the team's last care log and its last visit.
 */
async function endedTeams(tx: Tx) {
  return rows<{ team_id: string; ended_at: Date }>(tx, sql`
    SELECT c.id AS team_id, greatest(m.left_at, (SELECT max(ends_at) FROM care_logs WHERE team_id = c.id), (SELECT max(ends_at) FROM visits WHERE team_id = c.id)) AS ended_at
    FROM circles c JOIN (
      SELECT person_id, max(ended_at) AS left_at FROM memberships GROUP BY person_id
      HAVING bool_and(state IN ('left', 'removed')) AND max(ended_at) IS NOT NULL) m ON m.person_id = c.owner_id
    WHERE c.kind = 'team' AND NOT EXISTS (SELECT 1 FROM care_disposals d WHERE d.team_id = c.id)`);
}

/**
 * One retention run. Each step looks only for what is not done yet (no anonymisation row, no
 * disposal row), so a second run the same day finds nothing and writes nothing.
 */
export async function runRetention(job: Pick<JobContext, 'tx' | 'now'>): Promise<{ anonymised: number; disposed: number; namesErased: number; archivesErased: number }> {
  const { tx, now } = job;
  // Allows the only changes the append-only triggers let through (migration 0038), for this transaction only.
  await tx.execute(sql`SELECT set_config('carecircles.redact', 'on', true)`);
  const policy = await policyWords(tx);
  const years = Number(await getSetting(tx, 'careRecordRetentionYears'));
  const retentionStart = new Date(now);
  retentionStart.setUTCFullYear(retentionStart.getUTCFullYear() - years);

  let disposed = 0;
  for (const team of await endedTeams(tx)) {
    if (new Date(team.ended_at) > retentionStart) continue;
    await disposeTeam(tx, team.team_id, new Date(team.ended_at), now, policy);
    disposed += 1;
  }
  const due = await leavers(tx, new Date(now.getTime() - ANONYMISE_AFTER_DAYS * DAY));
  const done = new Set((await rows<{ person_id: string }>(tx, sql`SELECT person_id FROM anonymisations`)).map((r) => r.person_id));
  const fresh = due.filter((p) => !done.has(p.person_id));
  for (const person of fresh) await anonymiseLeaver(tx, person.person_id, now, policy);
  // Names go once no care record under retention names them: now, or when their teams are disposed of.
  const namesErased = await eraseNames(tx, now);
  const archives = await tx
    .update(dataExports)
    .set({ state: 'expired', archive: null, parts: null })
    .where(sql`(${dataExports.state} = 'ready' AND ${dataExports.expiresAt} <= ${now}) OR (${dataExports.state} IN ('queued', 'building') AND ${dataExports.requestedAt} <= ${new Date(now.getTime() - DAY)})`)
    .returning({ id: dataExports.id });
  await shredExportKeys(tx, archives.map((a) => a.id));
  const counts = { anonymised: fresh.length, disposed, namesErased, archivesErased: archives.length };
  if (fresh.length === 0 && disposed === 0 && namesErased === 0) return counts;
  const entryId = await logbookEntry(tx, now, policy, counts);
  if (entryId) await tx.update(anonymisations).set({ logbookEntryId: entryId }).where(and(eq(anonymisations.at, now), isNull(anonymisations.logbookEntryId)));
  await appendEvent(tx, null, now, { type: 'privacy.retention-run', subjectType: 'retention', subjectId: now.toISOString().slice(0, 10), data: { ...counts, logbookEntryId: entryId } });
  return counts;
}

/** The run's record in the Members' Circle's logbook: what it did, in numbers, and the policy it followed. Never a name. */
async function logbookEntry(tx: Tx, now: Date, policy: string, counts: { anonymised: number; disposed: number; namesErased: number }): Promise<string | null> {
  const circleId = await membersCircleId(tx);
  if (!circleId) return null;
  const id = newId();
  await tx.insert(logbookEntries).values({
    id,
    circleId,
    kind: 'minutes',
    title: `Retention run: ${counts.anonymised} people anonymised, ${counts.disposed} teams' care records disposed of`,
    text: `${policy}\n\nThis run: ${counts.anonymised} people who left were anonymised; ${counts.namesErased} names erased; ${counts.disposed} teams' care records past retention disposed of.`,
    authorId: null,
    sourceType: 'retention',
    adoptedAt: now,
    reviewDate: null,
  });
  return id;
}

/** Queued daily by the job runner; each day's slot runs once across instances. */
export function registerRetention(): void {
  registerRecurringJob(RETENTION_JOB, DAY, async (job) => void (await runRetention(job)));
}
