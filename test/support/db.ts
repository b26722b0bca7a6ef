import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../../src/platform/db.ts';
import { seedTestDemo } from './demo-db.ts';

/** The run's migrated template (see test/run.ts); a file run alone migrates its own database. */
const TEMPLATE_DB = process.env.CC_TEST_PG_TEMPLATE ?? '';
/** The run's template holding the demo co-op too (test/support/demo-db.ts); alone, a file seeds its own. */
const DEMO_TEMPLATE_DB = process.env.CC_TEST_PG_DEMO_TEMPLATE ?? '';

export type DbKind = 'pglite' | 'postgres';

/** A fresh PGlite from the run's migrated snapshot (or migrated here when run alone). */
export async function freshPglite(): Promise<Database> {
  const path = process.env.CC_TEST_SNAPSHOT;
  if (path) return fromSnapshot(path);
  const database = await openDatabase({ memory: {} });
  await migrate(database);
  return database;
}

/** An in-memory PGlite started from a snapshot file test/run.ts made. */
const fromSnapshot = (path: string): Promise<Database> => openDatabase({ memory: { snapshot: new Blob([readFileSync(path)]) } });

/** A fresh PostgreSQL database cloned from the migrated template (or the one given); dropped on close. */
export async function freshPostgres(url: string, template = TEMPLATE_DB): Promise<Database> {
  const name = `carecircles_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const hasTemplate = template ? await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]) : { rowCount: 0 };
  await admin.query(hasTemplate.rowCount ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: dbUrl.toString(), poolSize: 20 });
  if (!hasTemplate.rowCount) await migrate(database);
  const close = database.close;
  return {
    ...database,
    url: dbUrl.toString(),
    close: async () => {
      await close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  } as Database;
}

export function databaseKinds(): DbKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export async function freshDatabase(kind: DbKind): Promise<Database> {
  return kind === 'pglite' ? freshPglite() : freshPostgres(process.env.TEST_DATABASE_URL as string);
}

/** A fresh database holding the demo co-op (test/support/demo-db.ts): a copy of the run's, or seeded here when the file runs alone. */
export async function freshDemoDatabase(kind: DbKind): Promise<Database> {
  const snapshot = process.env.CC_TEST_DEMO_SNAPSHOT;
  if (kind === 'pglite' && snapshot) return fromSnapshot(snapshot);
  if (kind === 'postgres' && DEMO_TEMPLATE_DB) return freshPostgres(process.env.TEST_DATABASE_URL as string, DEMO_TEMPLATE_DB);
  const database = await freshDatabase(kind);
  await seedTestDemo(database);
  return database;
}

/**
 * Run the same suite on each database the machine has: PGlite always, PostgreSQL when
 * TEST_DATABASE_URL is set. Each suite gets its own database, isolated from other files.
 */
export function describeEachDatabase(name: string, suite: (get: () => Database, kind: DbKind) => void): void {
  describeOnEach(name, freshDatabase, suite);
}

/** describeEachDatabase, each database starting with the demo co-op in it (seeded as seedTestDemo does). */
export function describeEachDemoDatabase(name: string, suite: (get: () => Database, kind: DbKind) => void): void {
  describeOnEach(name, freshDemoDatabase, suite);
}

function describeOnEach(name: string, fresh: (kind: DbKind) => Promise<Database>, suite: (get: () => Database, kind: DbKind) => void): void {
  for (const kind of databaseKinds()) {
    describe(`${name} [${kind}]`, () => {
      let database: Database | undefined;
      before(async () => {
        database = await fresh(kind);
      });
      after(async () => {
        await database?.close();
      });
      suite(() => {
        if (!database) throw new Error('database not ready');
        return database;
      }, kind);
    });
  }
}

/**
 * A migrated database for a real server process (test/support/server-process.ts) that the test
 * also opens itself, before the server starts and after it stops: `env` starts the server on it.
 * PGlite is a data directory one process at a time, so `release` closes the test's handle
 * before a server starts; PostgreSQL stays open throughout. `drop` removes it.
 */
export interface ServerDatabase {
  env: Record<string, string>;
  open(): Promise<Database>;
  release(): Promise<void>;
  drop(): Promise<void>;
}

/**
 * A PGlite data directory already migrated, for a test about something else: the run's
 * migrated snapshot (a tarball of PGlite's data directory) unpacked where openDatabase looks
 * (<dir>/pgdata). Creating a PGlite database and migrating it from nothing costs 8 to 10 s of
 * CPU, which a test of backups or audits spends for nothing. Returns false when the file runs
 * alone (no snapshot): the directory is then left empty, and whoever opens it migrates it.
 */
export function migratedDataDir(dataDir: string): boolean {
  const snapshot = process.env.CC_TEST_SNAPSHOT;
  if (!snapshot) return false;
  const pgdata = join(dataDir, 'pgdata');
  mkdirSync(pgdata, { recursive: true });
  const untar = spawnSync('tar', ['-xzf', snapshot, '-C', pgdata], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`could not unpack ${snapshot}: ${untar.stderr}`);
  return true;
}

export async function serverDatabase(kind: DbKind): Promise<ServerDatabase> {
  if (kind === 'postgres') {
    const database = await freshPostgres(process.env.TEST_DATABASE_URL as string);
    return { env: { DATABASE_URL: (database as Database & { url: string }).url }, open: async () => database, release: async () => {}, drop: () => database.close() };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-server-'));
  const snapshot = migratedDataDir(dataDir);
  let current: Database | null = null;
  const release = async () => {
    await current?.close();
    current = null;
  };
  return {
    env: { DATA_DIR: dataDir },
    open: async () => {
      await release();
      current = await openDatabase({ dataDir });
      if (!snapshot) await migrate(current);
      return current;
    },
    release,
    drop: async () => {
      await release();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
