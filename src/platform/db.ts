import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { noteStatement, statementLogger } from './statements.ts';
import { cacheStatements } from './statement-cache.ts';
// Drizzle is given no schema: with one, every transaction object builds a relational query
// builder per table (about 30 µs of CPU per transaction, docs/performance.md), for a `db.query`
// API the project does not use. Queries name their tables from src/schema.ts directly.
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction has the same query API as the database. */
export type Tx = Db;

/**
 * Run fixed SQL text with its parameters, for the few statements on every request's path. On
 * PostgreSQL it is a named prepared statement, parsed and planned once per connection; the
 * text never changes, so the name always means the same statement. Nothing is built per call,
 * where the query builder costs 100 to 150 µs of CPU a statement (docs/performance.md).
 */
export async function fixedStatement<T>(db: Db, name: string, text: string, params: unknown[]): Promise<T[]> {
  const result = await db._.session.prepareQuery({ sql: text, params }, undefined, name, false).execute();
  return (result as { rows: T[] }).rows;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** What it is and where, for the start line: "embedded PostgreSQL 18 in ./data/postgres". */
  label: string;
  /** Run raw SQL and get rows back (for tools: backup, verify-audit, tests). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** LISTEN on a channel; returns a function that stops listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Run fn while holding a session-level advisory lock (one connection, held throughout). */
  withLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball (test snapshots). */
  dump?: () => Promise<Blob>;
}

export interface Durability {
  durable: boolean;
  /** Why, in a few words: "fsync on", or what is missing. */
  detail: string;
}

/**
 * Whether a committed write survives a power cut, from the running server's own settings.
 * PGlite's file system layer never calls fsync, whatever `SHOW fsync` says (issue 18).
 */
export async function durability(database: Database): Promise<Durability> {
  if (database.kind === 'pglite') return { durable: false, detail: 'PGlite does not flush its files to disk' };
  const rows = await database.query<{ name: string; setting: string }>(
    "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')",
  );
  const setting = (name: string) => rows.find((r) => r.name === name)?.setting;
  const missing = [
    setting('fsync') !== 'on' && 'fsync is off',
    setting('synchronous_commit') === 'off' && 'synchronous_commit is off',
    setting('full_page_writes') !== 'on' && 'full_page_writes is off',
  ].filter((x): x is string => Boolean(x));
  return missing.length ? { durable: false, detail: missing.join(', ') } : { durable: true, detail: 'fsync on' };
}

/** A path as a person typed it: relative to the working directory when it is inside it. */
const shown = (path: string): string => {
  const r = relative(process.cwd(), path);
  return r && !r.startsWith('..') && !r.startsWith('/') ? `./${r}` : path;
};

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

export class DataDirLocked extends Error {}

/**
 * PGlite has no lock of its own: two processes on one directory would corrupt it. A lock file
 * holding our PID refuses the second process; a lock left by a dead process is taken over.
 */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, 'carecircles.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLocked(
          `The data directory ${dir} is already in use by another Care Circles process (pid ${pid}). Stop that process first, or set DATA_DIR to another directory.`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLocked(`Could not lock the data directory ${dir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir?: string;
  /**
   * What runs in dataDir: PGlite (<dataDir>/pgdata; tests, tools and trials) unless asked for
   * the embedded PostgreSQL (<dataDir>/postgres), which is what `carecircles` runs by default
   * (src/config.ts DATABASE).
   */
  engine?: 'pglite' | 'embedded-postgres';
  /** An in-memory PGlite, optionally started from a snapshot made by dumpDataDir. */
  memory?: { snapshot?: Blob };
  poolSize?: number;
}

/** PostgreSQL extensions the schema uses, which PGlite loads from its own package (pg_trgm: logbook search). */
const extensions = { pg_trgm };

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const where = new URL(options.databaseUrl);
    return openPostgres(options.databaseUrl, options.poolSize ?? 10, `PostgreSQL at ${where.host}${where.pathname}`);
  }
  if (options.engine === 'embedded-postgres' && !options.memory) return openEmbedded(options.dataDir ?? './data', options.poolSize ?? 10);
  let unlock = () => {};
  let client: PGlite;
  if (options.memory) {
    // In memory the data files are already in memory (MEMFS): PostgreSQL's default 128 MB of
    // shared buffers would copy them a second time, and setting that much up costs each open
    // (about 0.4 s of CPU, measured; ADR 0037). 16 MB holds a test's or a trial's working set.
    client = new PGlite({ loadDataDir: options.memory.snapshot, extensions, postgresqlconf: ['shared_buffers=16MB'] });
  } else {
    const dir = options.dataDir ?? './data';
    unlock = lockDataDir(dir);
    const pgdata = join(dir, 'pgdata');
    try {
      client = new PGlite(pgdata, { extensions });
      await client.waitReady;
    } catch (error) {
      unlock();
      throw error;
    }
  }
  await client.waitReady;
  const db = drizzlePglite(client, { logger: statementLogger }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    label: options.memory ? 'PGlite in memory' : `PGlite in ${shown(join(options.dataDir ?? './data', 'pgdata'))}`,
    query: async (text, params) => {
      noteStatement(text);
      return (await client.query(text, params)).rows as never;
    },
    listen: async (channel, onPayload) => {
      const stop = await client.listen(channel, onPayload);
      return async () => stop();
    },
    dump: async () => (await client.dumpDataDir('gzip')) as Blob,
    // PGlite has a single connection, so there is nobody to race with.
    withLock: (_key, fn) => fn(),
    close: async () => {
      try {
        if (!client.closed) await client.close();
      } finally {
        unlock();
      }
    },
  };
}

/**
 * The embedded PostgreSQL under DATA_DIR (src/platform/embedded-postgres.ts), started here
 * and stopped by close(). DATA_DIR's lock file keeps a second Care Circles process out, as
 * for PGlite; PostgreSQL's own postmaster.pid refuses a second postmaster as well.
 */
async function openEmbedded(dir: string, max: number): Promise<Database> {
  const pgdata = join(dir, 'postgres');
  if (!existsSync(join(pgdata, 'PG_VERSION')) && existsSync(join(dir, 'pgdata', 'PG_VERSION'))) {
    throw new Error(
      `${shown(dir)} holds a PGlite database (${shown(join(dir, 'pgdata'))}) from an earlier version. Care Circles now runs an embedded PostgreSQL, ` +
        'which keeps every saved change through a power cut. To move your data: `DATABASE=pglite carecircles backup FILE`, then ' +
        '`carecircles restore FILE`. To keep running on PGlite for now (not durable), set DATABASE=pglite.',
    );
  }
  const unlock = lockDataDir(dir);
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  try {
    server = await startEmbeddedPostgres(pgdata, (message) => {
      console.error(message);
      process.exit(1);
    });
  } catch (error) {
    unlock();
    throw error;
  }
  try {
    const database = await openPostgres(server.url, max, `embedded PostgreSQL ${server.version} in ${shown(pgdata)}`);
    return {
      ...database,
      close: async () => {
        try {
          await database.close();
          await server.stop();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    await server.stop();
    unlock();
    throw error;
  }
}

async function openPostgres(url: string, max: number, label: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server closes (restart, failover, DROP DATABASE) must not crash the
  // process; the pool replaces it on next use.
  pool.on('error', () => {});
  if (process.env.CC_STATEMENT_CACHE !== 'off') pool.on('connect', cacheStatements);
  // Fail fast with a clear message rather than on the first page view.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg(pool, { logger: statementLogger }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    label,
    query: async (text, params) => {
      noteStatement(text);
      return (await pool.query(text, params as unknown[])).rows;
    },
    // A connection of its own, outside the pool. If the server drops it (restart, failover) the
    // error must not crash the process: it reconnects every second until stopped. Notifications
    // sent while it was away are lost; live pages catch up from the database (Last-Event-ID).
    listen: async (channel, onPayload) => {
      const name = `"${channel.replaceAll('"', '')}"`;
      let stopped = false;
      let current: pg.Client | null = null;
      const connect = async (): Promise<void> => {
        const client = new pg.Client({ connectionString: url });
        client.on('notification', (message) => {
          if (message.channel === channel) onPayload(message.payload ?? '');
        });
        client.on('error', () => {
          if (current === client) current = null;
          client.end().catch(() => {});
          if (!stopped) setTimeout(retry, 1000).unref();
        });
        await client.connect();
        await client.query(`LISTEN ${name}`);
        current = client;
      };
      const retry = () => {
        if (!stopped) connect().catch(() => setTimeout(retry, 1000).unref());
      };
      await connect();
      return async () => {
        stopped = true;
        await current?.end().catch(() => {});
        current = null;
      };
    },
    // A connection of its own, so fn can still use the whole pool while the lock is held.
    withLock: async (key, fn) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        await client.end();
      }
    },
    close: () => pool.end(),
  };
}

/** Apply committed migrations. On PostgreSQL an advisory lock stops two instances racing. */
export async function migrate(database: Database): Promise<void> {
  if (!existsSync(migrationsFolder)) throw new Error(`No migrations at ${migrationsFolder}`);
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  await database.withLock(727274, () => migratePg(database.db as never, { migrationsFolder }));
}

export async function isEmpty(database: Database): Promise<boolean> {
  const rows = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM people');
  return Number(rows[0]?.n ?? 0) === 0;
}
