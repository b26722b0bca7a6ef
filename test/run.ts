// `npm test`: prepare the databases and the code once, then run every test file with node's
// test runner.
// - PGlite: migrate once, snapshot it, seed the demo co-op and snapshot that too; each test
//   file starts from a snapshot.
// - PostgreSQL (TEST_DATABASE_URL): the same as two template databases; each file clones one.
// - The code: transpiled once to plain JavaScript, which the test files run (ADR 0037).
// - Browser tests run when /usr/bin/chromium exists; otherwise they say they were skipped.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, migrate, openDatabase } from '../src/platform/db.ts';
import { seedTestDemo } from './support/demo-db.ts';
import { filesUnder, transpileProject } from './support/transpile.ts';

const TEST_FILE = /\.test\.tsx?$/;

const root = join(import.meta.dirname, '..');
const cache = join(root, '.test-cache');
mkdirSync(cache, { recursive: true });

/** A PGlite snapshot of the migrated schema; and of it with the demo co-op seeded in (test/support/demo-db.ts). */
async function pgliteSnapshots(): Promise<{ migrated: string; demo: string }> {
  const database = await openDatabase({ memory: {} });
  await migrate(database);
  const migrated = await dumpTo(database, 'pglite-snapshot.tar.gz');
  await seedTestDemo(database);
  const demo = await dumpTo(database, 'pglite-demo-snapshot.tar.gz');
  await database.close();
  return { migrated, demo };
}

async function dumpTo(database: Database, name: string): Promise<string> {
  if (!database.dump) throw new Error('expected PGlite');
  const file = join(cache, name);
  writeFileSync(file, Buffer.from(await (await database.dump()).arrayBuffer()));
  return file;
}

// One template per run, so runs on one server (two developers, or CI beside a session) never
// touch each other's databases; each test file clones it and drops its clone when done.
const TEMPLATE_DB = `carecircles_test_template_${process.pid}`;
/** The same with the demo co-op seeded in (test/support/demo-db.ts). */
const DEMO_TEMPLATE_DB = `carecircles_test_template_${process.pid}_demo`;

async function dropTemplates(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  for (const name of [DEMO_TEMPLATE_DB, TEMPLATE_DB]) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

async function postgresTemplates(url: string): Promise<void> {
  await dropTemplates(url);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  const migrated = await openDatabase({ databaseUrl: databaseAt(url, TEMPLATE_DB), poolSize: 1 });
  await migrate(migrated);
  await migrated.close();
  await admin.query(`CREATE DATABASE "${DEMO_TEMPLATE_DB}" TEMPLATE "${TEMPLATE_DB}"`);
  await admin.end();
  const demo = await openDatabase({ databaseUrl: databaseAt(url, DEMO_TEMPLATE_DB), poolSize: 1 });
  await seedTestDemo(demo);
  await demo.close();
}

function databaseAt(url: string, name: string): string {
  const at = new URL(url);
  at.pathname = `/${name}`;
  return at.toString();
}

const started = Date.now();
// A `carecircles` process a test starts on a data directory runs PGlite, as the test's own
// openDatabase({ dataDir }) does; only the tests written for the embedded PostgreSQL (the
// default of `npm start`) ask for it, each on a directory of its own.
process.env.DATABASE = 'pglite';
// One encryption key for the run (ADR 0024), so no test makes a key file under ./data; a test
// that needs a key of its own (or none) sets it for the process it starts.
process.env.DATA_KEY ??= randomBytes(32).toString('hex');
const pgUrl = process.env.TEST_DATABASE_URL;
// The files run transpiled (test/support/transpile.ts, ADR 0037), each run into a folder of its
// own so two runs in one checkout never share one; a folder left by a run that was killed goes.
for (const name of readdirSync(cache)) {
  const pid = Number(/^js-(\d+)$/.exec(name)?.[1]);
  if (pid && !isRunning(pid)) rmSync(join(cache, name), { recursive: true, force: true });
}
const transpiled = join(cache, `js-${process.pid}`);
process.env.CC_TEST_TRANSPILED = transpiled;
// All at once: PGlite works in this process, PostgreSQL and esbuild in their own.
// Each is let finish before a failure is reported (a file esbuild cannot read, say), so the
// templates are dropped with nobody connected to them and none is left on the server.
const pglite = pgliteSnapshots();
const prepared = await Promise.allSettled([pglite, pgUrl ? postgresTemplates(pgUrl) : undefined, transpileProject(root, transpiled)]);
const failed = prepared.find((p) => p.status === 'rejected');
if (failed) {
  if (pgUrl) await dropTemplates(pgUrl).catch(() => {});
  throw failed.reason;
}
const snapshots = await pglite;
process.env.CC_TEST_SNAPSHOT = snapshots.migrated;
process.env.CC_TEST_DEMO_SNAPSHOT = snapshots.demo;
if (pgUrl) {
  process.env.CC_TEST_PG_TEMPLATE = TEMPLATE_DB;
  process.env.CC_TEST_PG_DEMO_TEMPLATE = DEMO_TEMPLATE_DB;
  console.log(`PostgreSQL tests: on (${new URL(pgUrl).host}).`);
} else {
  console.log('PostgreSQL tests: SKIPPED (set TEST_DATABASE_URL to run the database tests on PostgreSQL too).');
}
console.log(
  existsSync('/usr/bin/chromium')
    ? 'Browser tests: on (/usr/bin/chromium).'
    : 'Browser tests: SKIPPED (no /usr/bin/chromium; install Debian\'s chromium to run them).',
);
console.log(`Prepared test databases and code in ${Date.now() - started} ms.`);

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Seconds each file took when last timed: this machine's own last run (.test-cache, written by
 * the timing reporter) over the figures kept in the repository (test/timings.tsv), which a
 * fresh clone such as CI's has.
 */
function lastTimings(): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const file of [join(root, 'test', 'timings.tsv'), join(cache, 'timings.tsv')]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [s, path] = line.split('\t');
      if (path && Number.isFinite(Number(s))) seconds.set(path, Number(s));
    }
  }
  return seconds;
}

const only = process.argv.slice(2);
const found = (only.length ? only : [...filesUnder(join(root, 'src'), TEST_FILE), ...filesUnder(join(root, 'test'), TEST_FILE)]).map((f) => relative(root, f));
// The runner starts files in the order given, two at a time. Slowest first, so the long browser
// suites do not start last and leave one core idle at the end (longest-first scheduling); a
// file never timed goes first, as it may be long.
const timings = lastTimings();
const files = found
  .map((file, index) => ({ file, index, seconds: timings.get(file) ?? Number.POSITIVE_INFINITY }))
  .sort((a, b) => b.seconds - a.seconds || a.index - b.index)
  .map((f) => f.file);
// One file more than the cores: a file waiting on a child process, a browser or the database
// leaves its core idle, and the whole run on two cores used them about two thirds of the time
// at two at once (CPU time ÷ wall time, 2026-12-04). TEST_CONCURRENCY overrides it.
const concurrency = Number(process.env.TEST_CONCURRENCY) || availableParallelism() + 1;
const child = spawn(
  process.execPath,
  ['--enable-source-maps', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=./test/support/timing-reporter.mjs', '--test-reporter-destination=stdout',
    ...files.map((file) => join(transpiled, file.replace(/\.tsx?$/, '.js')))],
  { stdio: 'inherit', cwd: root, env: process.env },
);
child.on('exit', async (code) => {
  if (pgUrl) await dropTemplates(pgUrl).catch(() => {});
  rmSync(transpiled, { recursive: true, force: true });
  process.exit(code ?? 1);
});
