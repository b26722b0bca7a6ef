// `npm run bench:ledger`: transfers per second through the JSON API with N concurrent clients,
// beside pgbench's TPC-B-like rate on the same PostgreSQL with the same N clients, measured in
// the same run (the ratio is the figure: the machine's speed cancels out). Then the same load
// on PGlite. Every ledger invariant is checked after each run.
//
//   npm run bench:ledger -- [--clients 16] [--seconds 20] [--url postgres://...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { verifyLedger } from '../src/modules/credits/verify.ts';
import { type Database, migrate, openDatabase } from '../src/platform/db.ts';
import { type Holder, type Sent, gift, ledgerPeople } from '../test/support/ledger-load.ts';
import { startServerProcess } from '../test/support/server-process.ts';
import { ledgerSqlScripts } from './ledger-sql.ts';
import { RawHttpConnection } from './raw-http.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '20' },
    url: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const adminUrl = values.url as string;

const dbUrl = (name: string) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
async function recreate(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return dbUrl(name);
}
async function drop(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

/** The same request as test/support/ledger-load.ts sends, on the client's own kept-alive connection (bench/raw-http.ts). */
async function post(connection: RawHttpConnection, s: Sent): Promise<void> {
  const answer = await connection.request('POST', s.url, { authorization: `Bearer ${s.token}`, 'content-type': 'application/json', 'idempotency-key': s.key }, JSON.stringify(s.body));
  s.status = answer.status;
  s.transferId = (JSON.parse(answer.body) as { transfer?: { id: string } }).transfer?.id;
}

/** Each client is one person giving a quarter credit to the next person, as fast as answers come. */
async function apiLoad(base: string, holders: Holder[]): Promise<{ tps: number; ok: number; refused: number; p95: number }> {
  const until = Date.now() + seconds * 1000;
  let ok = 0;
  let refused = 0;
  const latencies: number[] = [];
  await Promise.all(
    holders.map(async (from, i) => {
      const to = holders[(i + 1) % holders.length] as Holder;
      const connection = new RawHttpConnection(new URL(base));
      while (Date.now() < until) {
        const s = gift(from, to);
        const t0 = performance.now();
        await post(connection, s);
        latencies.push(performance.now() - t0);
        if (s.status === 201) ok++;
        else refused++;
      }
      connection.close();
    }),
  );
  latencies.sort((a, b) => a - b);
  return { tps: ok / seconds, ok, refused, p95: latencies[Math.floor(latencies.length * 0.95)] ?? 0 };
}

async function ledgerRun(env: Record<string, string>, database: Database, close: () => Promise<void>) {
  // The most one transfer may carry; clients give round a ring, so nobody runs dry.
  const { holders } = await ledgerPeople(database, clients, 600_000);
  await close();
  const server = await startServerProcess(env);
  process.stdout.write('  warming up\n');
  const warm = await apiLoad(server.base, holders.slice(0, 2));
  process.stdout.write(`  ${clients} clients for ${seconds} s\n`);
  const result = await apiLoad(server.base, holders);
  await server.stop();
  return { ...result, acknowledged: warm.ok + result.ok };
}

/** Every invariant, and exactly one gift in the ledger for every 201 the clients were sent. */
async function ledgerProblems(db: Database['db'], acknowledged: number): Promise<string[]> {
  const problems = await verifyLedger(db);
  const [gifts] = ((await db.execute(sql`SELECT count(*)::int AS n FROM credit_transfers WHERE kind = 'gift'`)) as unknown as { rows: { n: number }[] }).rows;
  if (Number(gifts?.n) !== acknowledged) problems.push(`${gifts?.n} gifts in the ledger but ${acknowledged} acknowledged`);
  return problems;
}

/** pgbench's rate on the database at url: its standard TPC-B-like script, or the given script files. */
function pgbench(url: string, scripts: string[] = []): number {
  const u = new URL(url);
  const args = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username) || 'postgres', u.pathname.slice(1)];
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
  if (scripts.length === 0) {
    const init = spawnSync('pgbench', ['-i', '-q', '-s', String(Math.max(clients, 1)), ...args], { env, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
  }
  const custom = scripts.length ? ['-M', 'prepared', ...scripts.flatMap((f) => ['-f', f])] : [];
  const bench = spawnSync('pgbench', ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), ...custom, ...args], { env, encoding: 'utf8' });
  const tps = /tps = ([\d.]+)/.exec(bench.stdout)?.[1];
  if (bench.status !== 0 || !tps) throw new Error(`pgbench failed: ${bench.stderr}${bench.stdout}`);
  return Number(tps);
}

/** The server's statements for the same gifts, run by pgbench on a fresh database (see ledger-sql.ts). */
async function ledgerSqlRate(): Promise<{ tps: number; problems: string[] }> {
  const name = 'carecircles_bench_ledger_sql';
  const url = await recreate(name);
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  await migrate(database);
  const { holders } = await ledgerPeople(database, clients, 600_000);
  const tps = pgbench(url, ledgerSqlScripts(holders));
  const problems = await verifyLedger(database.db);
  await database.close();
  await drop(name);
  return { tps, problems };
}

/**
 * The ratio assumes the machine is the same for every phase. When other work shares it, it is
 * not (and the API's three processes lose more to it than pgbench's two), so the run says how
 * busy the machine was before it started; later phases' figures include the run's own load.
 */
const machine = () => `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores before the run`;

const row = (label: string, tps: number, extra = '') => console.log(`${label.padEnd(34)} ${tps.toFixed(0).padStart(8)} /s  ${extra}`);

async function main() {
  console.log(`Ledger benchmark: ${clients} clients, ${seconds} s per run, PostgreSQL at ${new URL(adminUrl).host}, ${machine()}\n`);

  console.log('pgbench (TPC-B-like) on the same PostgreSQL');
  const pgbenchDb = 'carecircles_bench_pgbench';
  const pgbenchTps = pgbench(await recreate(pgbenchDb));
  await drop(pgbenchDb);

  console.log('Care Circles API on PostgreSQL');
  const name = 'carecircles_bench_ledger';
  const url = await recreate(name);
  const pgDatabase = await openDatabase({ databaseUrl: url, poolSize: 4 });
  await migrate(pgDatabase);
  const onPg = await ledgerRun({ DATABASE_URL: url }, pgDatabase, async () => {});
  const pgProblems = await ledgerProblems(pgDatabase.db, onPg.acknowledged);
  await pgDatabase.close();
  await drop(name);

  console.log('The API\'s own SQL for the same gifts, run by pgbench (diagnostic: no Node, no HTTP)');
  const sqlOnly = await ledgerSqlRate();

  console.log('Care Circles API on PGlite');
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-bench-ledger-'));
  const lite = await openDatabase({ dataDir });
  await migrate(lite);
  const onLite = await ledgerRun({ DATA_DIR: dataDir }, lite, () => lite.close());
  const liteDb = await openDatabase({ dataDir });
  const liteProblems = await ledgerProblems(liteDb.db, onLite.acknowledged);
  await liteDb.close();
  rmSync(dataDir, { recursive: true, force: true });

  console.log('\n                                    transfers');
  row('pgbench TPC-B-like (baseline)', pgbenchTps);
  row('API transfers, PostgreSQL', onPg.tps, `ratio ${(onPg.tps / pgbenchTps).toFixed(2)} of pgbench · p95 ${onPg.p95.toFixed(1)} ms · ${onPg.ok} made, ${onPg.refused} refused`);
  row('  its SQL alone, via pgbench', sqlOnly.tps, `ratio ${(sqlOnly.tps / pgbenchTps).toFixed(2)} of pgbench: the most this ledger's transactions reach here`);
  row('API transfers, PGlite', onLite.tps, `ratio ${(onLite.tps / pgbenchTps).toFixed(2)} of pgbench · p95 ${onLite.p95.toFixed(1)} ms · ${onLite.ok} made, ${onLite.refused} refused`);
  console.log(`\nTarget: PostgreSQL API rate at least 0.5 of pgbench: ${onPg.tps / pgbenchTps >= 0.5 ? 'met' : 'NOT met'}.`);
  const said = (problems: string[]) => (problems.length ? problems.join('; ') : 'all hold');
  console.log(`Ledger invariants and acknowledged gifts after the runs: PostgreSQL ${said(pgProblems)}; PGlite ${said(liteProblems)}; SQL alone ${said(sqlOnly.problems)}.`);
  if (pgProblems.length || liteProblems.length || sqlOnly.problems.length) process.exitCode = 1;
}

await main();
