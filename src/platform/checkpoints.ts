import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import { careLogHeads } from '../modules/care/logs/chain.ts';
import { accessLogHead, type ChainHead } from './access-log.ts';
import { HOUR } from './clock.ts';
import type { Db } from './db.ts';
import { registerRecurringJob } from './jobs.ts';

// The hash chains show a row changed or removed in the middle, but not rows removed from the
// end: the shorter chain is still whole. So the chains' heads (last row, its hash, the count)
// are written down outside the database, in DATA_DIR/audit-checkpoints.jsonl, each line signed
// with HMAC-SHA256 under a key kept beside it (audit-checkpoint.key, mode 0600). Someone who
// can change the database but not that directory can not shorten a chain unseen.

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';
export const KEY_FILE = 'audit-checkpoint.key';

export interface Heads {
  accessLog: ChainHead;
  /** Each team's care-log chain (care_log_versions), by team id. */
  careLogs: Record<string, ChainHead>;
}

export interface Checkpoint extends Heads {
  at: string;
  /** What wrote it. A "restore" starts the record afresh: earlier lines were of the database it replaced. */
  by: 'job' | 'backup' | 'verify-audit' | 'restore';
}

export type SignedCheckpoint = Checkpoint & { sig: string };

/** The heads of every audit chain, read in the caller's transaction (a backup's snapshot). */
export async function readHeads(db: Db): Promise<Heads> {
  return { accessLog: await accessLogHead(db), careLogs: await careLogHeads(db) };
}

const body = (c: Checkpoint) => JSON.stringify({ at: c.at, by: c.by, accessLog: c.accessLog, careLogs: c.careLogs });

/** The checkpoints of one data directory: its key, its file. */
export class Checkpoints {
  constructor(readonly dir: string) {}

  get file(): string {
    return join(this.dir, CHECKPOINT_FILE);
  }

  /** The key, made on first use (32 random bytes, readable by this user only). */
  private key(create: boolean): Buffer | null {
    const path = join(this.dir, KEY_FILE);
    if (!existsSync(path)) {
      if (!create) return null;
      mkdirSync(this.dir, { recursive: true });
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, randomBytes(32).toString('hex'));
        fsyncSync(fd);
        closeSync(fd);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  }

  sign(checkpoint: Checkpoint): SignedCheckpoint {
    const key = this.key(true) as Buffer;
    return { ...checkpoint, sig: createHmac('sha256', key).update(body(checkpoint)).digest('hex') };
  }

  private signatureHolds(c: SignedCheckpoint, key: Buffer): boolean {
    const want = createHmac('sha256', key).update(body(c)).digest();
    const got = Buffer.from(typeof c.sig === 'string' ? c.sig : '', 'hex');
    return got.length === want.length && timingSafeEqual(got, want);
  }

  /** Sign and append one checkpoint, flushed to disk before this returns. */
  append(checkpoint: Checkpoint): SignedCheckpoint {
    const signed = this.sign(checkpoint);
    const fd = openSync(this.file, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(signed)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return signed;
  }

  /**
   * Every checkpoint since the last restore, each signature checked. Problems name the line;
   * a file with none is not a problem (a new data directory), a missing key with lines is.
   */
  read(): { checkpoints: SignedCheckpoint[]; problems: string[] } {
    if (!existsSync(this.file)) return { checkpoints: [], problems: [] };
    const lines = readFileSync(this.file, 'utf8').split('\n');
    const key = this.key(false);
    const problems: string[] = [];
    let checkpoints: SignedCheckpoint[] = [];
    lines.forEach((line, i) => {
      if (!line) return;
      let c: SignedCheckpoint;
      try {
        c = JSON.parse(line) as SignedCheckpoint;
      } catch {
        problems.push(`checkpoint file line ${i + 1} is damaged`);
        return;
      }
      if (!key) problems.push(`checkpoint file line ${i + 1} can not be checked: the key ${KEY_FILE} is missing`);
      else if (!this.signatureHolds(c, key)) problems.push(`checkpoint file line ${i + 1} does not match its signature (edited, or signed with another key)`);
      else if (c.by === 'restore') checkpoints = [c];
      else checkpoints.push(c);
    });
    return { checkpoints, problems };
  }

  private cached: { stamp: string; latest: SignedCheckpoint | null } | null = null;

  /** The newest checkpoint whose signature holds, or null; read again only when the file changed (pages show it). */
  latest(): SignedCheckpoint | null {
    const stamp = existsSync(this.file) ? `${statSync(this.file).size}:${statSync(this.file).mtimeMs}` : 'none';
    if (this.cached?.stamp !== stamp) this.cached = { stamp, latest: this.read().checkpoints.at(-1) ?? null };
    return this.cached.latest;
  }
}

/** "2026-12-03 17:00 UTC": when a checkpoint was written, as verify-audit names it. */
export const checkpointTime = (at: string) => `${at.slice(0, 16).replace('T', ' ')} UTC`;
export const shortHash = (hash: string) => `${hash.slice(0, 12)}…`;

/** Heads that equal the last checkpoint's need no new line (the recurring job). */
export const sameHeads = (a: Heads, b: Heads) => body({ ...a, at: '', by: 'job' }) === body({ ...b, at: '', by: 'job' });

/**
 * Compare the chains in the database with the furthest head any checkpoint saw: each chain
 * must reach at least as far, through the very row checkpointed. Returns one line per chain
 * found short or rewritten, naming how many rows are missing and the checkpoint that saw them.
 */
export async function compareWithCheckpoints(db: Db, checkpoints: SignedCheckpoint[], now: Heads): Promise<string[]> {
  const problems: string[] = [];
  const furthest = new Map<string, { head: ChainHead; at: string }>();
  for (const c of checkpoints) {
    const chains: [string, ChainHead][] = [['access log', c.accessLog], ...Object.entries(c.careLogs ?? {}).map(([team, h]) => [`care logs of team ${team}`, h] as [string, ChainHead])];
    for (const [name, head] of chains) {
      if (head && head.seq > (furthest.get(name)?.head.seq ?? 0)) furthest.set(name, { head, at: c.at });
    }
  }
  const rowsWord = (name: string, n: number) => (name === 'access log' ? (n === 1 ? 'row' : 'rows') : n === 1 ? 'version' : 'versions');
  for (const [name, { head, at }] of furthest) {
    const team = name === 'access log' ? null : name.slice('care logs of team '.length);
    const current = team ? now.careLogs[team] : now.accessLog;
    const seen = `the checkpoint of ${checkpointTime(at)} (head ${shortHash(head.hash)}, ${rowsWord(name, 1)} ${head.seq})`;
    if (!current || current.seq < head.seq) {
      const missing = head.seq - (current?.seq ?? 0);
      problems.push(`${name}: ${missing} ${rowsWord(name, missing)} missing after ${seen}`);
      continue;
    }
    const hash = team
      ? await db.execute(sqlHashOf('care_log_versions', head.seq, team))
      : await db.execute(sqlHashOf('access_log', head.seq, null));
    const row = (hash as unknown as { rows: { hash: string }[] }).rows[0];
    if (row?.hash !== head.hash) problems.push(`${name}: ${rowsWord(name, 1)} ${head.seq} is not the one in ${seen}: the chain was rewritten`);
  }
  return problems;
}

const sqlHashOf = (table: 'access_log' | 'care_log_versions', seq: number, team: string | null) =>
  team ? sql`SELECT hash FROM ${sql.identifier(table)} WHERE team_id = ${team} AND seq = ${seq}` : sql`SELECT hash FROM ${sql.identifier(table)} WHERE seq = ${seq}`;

export const CHECKPOINT_JOB = 'audit.checkpoint';

/**
 * Every hour while the server runs: a checkpoint of the heads, when they moved since the last.
 * The job has no configuration of its own: DATA_DIR is read as the server read it at start.
 */
export async function checkpointIfMoved(db: Db, now: Date, store: Checkpoints): Promise<SignedCheckpoint | null> {
  const heads = await readHeads(db);
  const last = store.latest();
  if (last && sameHeads(last, heads)) return null;
  return store.append({ at: now.toISOString(), by: 'job', ...heads });
}

registerRecurringJob(CHECKPOINT_JOB, HOUR, async ({ tx, now }) => {
  await checkpointIfMoved(tx, now, new Checkpoints(loadConfig().dataDir));
});
