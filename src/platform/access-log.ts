import { sql } from 'drizzle-orm';
import { type Database, type Db, type Tx, fixedStatement } from './db.ts';
import { newId, sha256 } from './ids.ts';

export const GENESIS = '0'.repeat(64);

export interface AccessEntry {
  actorId: string | null;
  recordType: string;
  recordId: string;
  ownerId: string | null;
  reason: string;
}

interface ChainFields extends AccessEntry {
  seq: number;
  id: string;
  at: Date;
  prevHash: string;
}

/** A row's hash. access_log_append (migration 0048) writes it in SQL: change both or neither. */
export function hashEntry(row: ChainFields): string {
  return sha256(
    JSON.stringify([
      row.seq,
      row.id,
      row.at.toISOString(),
      row.actorId,
      row.recordType,
      row.recordId,
      row.ownerId,
      row.reason,
      row.prevHash,
    ]),
  );
}

/**
 * Record a sensitive read. Appends are serialised by a transaction-scoped advisory lock so
 * the chain never forks; the row's sequence number is taken inside the lock.
 */
export async function recordAccess(tx: Tx, at: Date, entry: AccessEntry): Promise<void> {
  await recordAccesses(tx, at, [entry]);
}

/**
 * Reads recorded in a transaction run by `run` (platform/context.ts), kept until it is about to
 * commit. The chain's lock is held from the moment it is taken until the commit, so taking it
 * at the first sensitive read held it through the rest of the request: every page that logs a
 * read (home logs the care logs it lists) waited for every other, one at a time, co-op wide
 * (home at 42 requests a second with 16 people on it; docs/performance.md). Taken at the end,
 * it is held for the append and the commit only. The rows are the same and commit with the
 * read or not at all; a transaction nobody registered (a job, a test) appends at once.
 */
const pending = new WeakMap<Tx, { at: Date; entries: readonly AccessEntry[] }[]>();

/** From now on, reads recorded in tx wait for flushAccessLog (called by `run` before it commits). */
export function deferAccessLog(tx: Tx): void {
  pending.set(tx, []);
}

/** Append the reads recorded in tx since deferAccessLog, in the order they were recorded. */
export async function flushAccessLog(tx: Tx): Promise<void> {
  const waiting = pending.get(tx);
  pending.delete(tx);
  if (waiting?.length) await appendChained(tx, waiting);
}

/**
 * Record several sensitive reads of one request (a list over several teams) in the same one
 * statement as one: a single append of the rows, chained in order.
 */
export async function recordAccesses(tx: Tx, at: Date, entries: readonly AccessEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const waiting = pending.get(tx);
  if (waiting) waiting.push({ at, entries });
  else await appendChained(tx, [{ at, entries }]);
}

/**
 * One statement (migration 0048, ADR 0038): the database takes the chain's lock, reads its last
 * row and inserts the rows chained in order, hashing each as hashEntry does. Three round trips
 * were the lock, the last row and the insert, on every page that logs a read.
 */
async function appendChained(tx: Tx, batches: readonly { at: Date; entries: readonly AccessEntry[] }[]): Promise<void> {
  const rows = batches.flatMap(({ at, entries }) => entries.map((entry) => ({ ...entry, id: newId(), at: at.toISOString() })));
  await fixedStatement(tx, 'access_log_append', 'SELECT access_log_append($1::jsonb)', [JSON.stringify(rows)]);
}

export interface AuditProblem {
  table: string;
  seq: number;
  problem: string;
}

/** Walk the chain from the start; report the first row that was altered, removed or inserted. */
export async function verifyAccessLog(
  database: Database,
  onProgress?: (done: number, total: number) => void,
): Promise<AuditProblem | null> {
  const [{ total } = { total: 0 }] = await database.query<{ total: number }>(
    'SELECT count(*)::int AS total FROM access_log',
  );
  let expectedSeq = 1;
  let prevHash = GENESIS;
  const pageSize = 5000;
  for (;;) {
    const rows = await database.query<{
      seq: string | number;
      id: string;
      at: Date;
      actor_id: string | null;
      record_type: string;
      record_id: string;
      owner_id: string | null;
      reason: string;
      prev_hash: string;
      hash: string;
    }>('SELECT * FROM access_log WHERE seq >= $1 ORDER BY seq LIMIT $2', [expectedSeq, pageSize]);
    if (rows.length === 0) return null;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) {
        return { table: 'access_log', seq: expectedSeq, problem: `row ${expectedSeq} is missing` };
      }
      if (r.prev_hash !== prevHash) {
        return { table: 'access_log', seq, problem: `row ${seq} does not follow the row before it` };
      }
      const computed = hashEntry({
        seq,
        id: r.id,
        at: new Date(r.at),
        actorId: r.actor_id,
        recordType: r.record_type,
        recordId: r.record_id,
        ownerId: r.owner_id,
        reason: r.reason,
        prevHash: r.prev_hash,
      });
      if (computed !== r.hash) {
        return { table: 'access_log', seq, problem: `row ${seq} was altered after it was written` };
      }
      prevHash = r.hash;
      expectedSeq = seq + 1;
    }
    onProgress?.(expectedSeq - 1, total);
  }
}

/** Where a chain ends: its last row's number and hash, and how many rows it has. */
export interface ChainHead {
  rows: number;
  seq: number;
  hash: string;
}

/** The access log's head, read in the caller's transaction (checkpoints.ts). */
export async function accessLogHead(db: Db): Promise<ChainHead> {
  const result = await db.execute(sql`SELECT (SELECT count(*)::int FROM access_log) AS rows, seq::int AS seq, hash FROM access_log ORDER BY seq DESC LIMIT 1`);
  const [row] = (result as unknown as { rows: { rows: number; seq: number; hash: string }[] }).rows;
  return row ? { rows: Number(row.rows), seq: Number(row.seq), hash: row.hash } : { rows: 0, seq: 0, hash: GENESIS };
}
