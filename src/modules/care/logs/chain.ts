import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { GENESIS, type AuditProblem, type ChainHead } from '../../../platform/access-log.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Database, Db } from '../../../platform/db.ts';
import { sha256 } from '../../../platform/ids.ts';
import { careLogVersions, careLogs } from '../schema.ts';

type CareLogRow = typeof careLogs.$inferSelect;

/** The fields of a care log that its hash covers: everything but the hash itself. */
export function logContent(row: Omit<CareLogRow, 'hash'>): Record<string, unknown> {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: row.id, teamId: row.teamId, visitId: row.visitId, supporterId: row.supporterId, kind: row.kind,
    startsAt: iso(row.startsAt), endsAt: iso(row.endsAt), minutes: row.minutes, activity: row.activity, state: row.state,
    correctsId: row.correctsId, supporterConfirmedAt: iso(row.supporterConfirmedAt), ownerConfirmedAt: iso(row.ownerConfirmedAt),
    ownerConfirmedBy: row.ownerConfirmedBy, adjustedBy: row.adjustedBy, adjustReason: row.adjustReason,
    disputedBy: row.disputedBy, disputeReason: row.disputeReason, resolvedBy: row.resolvedBy, resolution: row.resolution,
    createdBy: row.createdBy, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt),
  };
}

/** jsonb keeps its own key order, so content is hashed and compared with its keys sorted. */
const canonical = (content: Record<string, unknown>) => JSON.stringify(Object.keys(content).sort().map((k) => [k, content[k] ?? null]));

/** The hash of one version: exported for tools that write chains in bulk (bench/data) and must match verifyCareLogs. */
export const versionHash = (v: { teamId: string; seq: number; logId: string; at: Date; actorId: string | null; content: Record<string, unknown>; prevHash: string }) =>
  sha256(JSON.stringify([v.teamId, v.seq, v.logId, v.at.toISOString(), v.actorId, canonical(v.content), v.prevHash]));

/**
 * Write a care log (new, or its next state) and chain a version of it onto the team's record.
 * The team's chain is serialised by a transaction-scoped advisory lock on the team, so two
 * changes at once still make one unbroken chain. Every write to care_logs goes through here.
 */
export async function saveCareLog(ctx: Ctx, row: Omit<CareLogRow, 'hash'>, isNew: boolean): Promise<CareLogRow> {
  await ctx.tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`care-log-chain:${row.teamId}`}, 0))`);
  const [last] = await ctx.tx
    .select({ seq: careLogVersions.seq, hash: careLogVersions.hash })
    .from(careLogVersions)
    .where(eq(careLogVersions.teamId, row.teamId))
    .orderBy(desc(careLogVersions.seq))
    .limit(1);
  const content = logContent(row);
  const version = { teamId: row.teamId, seq: (last?.seq ?? 0) + 1, logId: row.id, at: ctx.now, actorId: ctx.actor?.personId ?? null, content, prevHash: last?.hash ?? GENESIS };
  const hash = versionHash(version);
  const saved = { ...row, hash };
  if (isNew) await ctx.tx.insert(careLogs).values(saved);
  else await ctx.tx.update(careLogs).set(saved).where(eq(careLogs.id, row.id));
  await ctx.tx.insert(careLogVersions).values({ ...version, hash });
  return saved;
}

/**
 * Walk every team's chain of care-log versions, then check each log row still matches its
 * latest version. Reports the first version or log that was altered, removed or inserted.
 */
export async function verifyCareLogs(database: Database, onProgress?: (done: number, total: number) => void): Promise<AuditProblem | null> {
  const [{ total } = { total: 0 }] = await database.query<{ total: number }>('SELECT count(*)::int AS total FROM care_log_versions');
  const latest = new Map<string, string>();
  let done = 0;
  let cursor: { teamId: string; seq: number } = { teamId: '00000000-0000-0000-0000-000000000000', seq: 0 };
  let prev = { teamId: '', seq: 0, hash: GENESIS };
  for (;;) {
    const rows = await database.query<{ team_id: string; seq: number; log_id: string; at: Date; actor_id: string | null; content: Record<string, unknown>; prev_hash: string; hash: string }>(
      'SELECT * FROM care_log_versions WHERE (team_id, seq) > ($1::uuid, $2::int) ORDER BY team_id, seq LIMIT 5000',
      [cursor.teamId, cursor.seq],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (r.team_id !== prev.teamId) prev = { teamId: r.team_id, seq: 0, hash: GENESIS };
      const where = `care log version ${seq} of team ${r.team_id}`;
      if (seq !== prev.seq + 1) return { table: 'care_log_versions', seq: prev.seq + 1, problem: `${where.replace(String(seq), String(prev.seq + 1))} is missing` };
      if (r.prev_hash !== prev.hash) return { table: 'care_log_versions', seq, problem: `${where} does not follow the version before it` };
      const content = typeof r.content === 'string' ? (JSON.parse(r.content) as Record<string, unknown>) : r.content;
      const computed = versionHash({ teamId: r.team_id, seq, logId: r.log_id, at: new Date(r.at), actorId: r.actor_id, content, prevHash: r.prev_hash });
      if (computed !== r.hash) return { table: 'care_log_versions', seq, problem: `${where} was altered after it was written` };
      latest.set(r.log_id, r.hash);
      prev = { teamId: r.team_id, seq, hash: r.hash };
      cursor = { teamId: r.team_id, seq };
    }
    done += rows.length;
    onProgress?.(done, total);
  }
  // A log row must be exactly the content of its latest version.
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await database.db
      .select({ log: careLogs, content: careLogVersions.content })
      .from(careLogs)
      .leftJoin(careLogVersions, and(eq(careLogVersions.logId, careLogs.id), eq(careLogVersions.hash, careLogs.hash)))
      .where(gt(careLogs.id, after))
      .orderBy(careLogs.id)
      .limit(5000);
    if (rows.length === 0) return null;
    for (const { log, content } of rows) {
      const { hash, ...rest } = log;
      if (latest.get(log.id) !== hash || !content) return { table: 'care_logs', seq: 0, problem: `care log ${log.id} does not match its latest version` };
      if (canonical(content) !== canonical(logContent(rest))) return { table: 'care_logs', seq: 0, problem: `care log ${log.id} was altered after it was written` };
    }
    after = (rows.at(-1) as (typeof rows)[number]).log.id;
  }
}

/** Every team's care-log chain head (last version, its hash, how many), read in the caller's transaction (checkpoints.ts). */
export async function careLogHeads(db: Db): Promise<Record<string, ChainHead>> {
  const result = await db.execute(sql`
    SELECT DISTINCT ON (team_id) team_id::text AS team, seq, hash, count(*) OVER (PARTITION BY team_id)::int AS rows
    FROM care_log_versions ORDER BY team_id, seq DESC`);
  const rows = (result as unknown as { rows: { team: string; seq: number; hash: string; rows: number }[] }).rows;
  return Object.fromEntries(rows.map((r) => [r.team, { rows: Number(r.rows), seq: Number(r.seq), hash: r.hash }]));
}
