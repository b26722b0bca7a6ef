// `npm run bench:ledger`: transfers per second through the JSON API with N concurrent clients,
// beside pgbench's TPC-B-like rate on the same PostgreSQL with the same N clients, measured in
// the same run (the ratio is the figure: the machine's speed cancels out). The two take turns,
// round after round, so a neighbour's burst of work falls on both. Then the same load on
// PGlite. Every ledger invariant is checked after the runs.
//
//   npm run bench:ledger -- [--clients 16] [--seconds 20] [--rounds 3] [--url postgres://...]
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
    rounds: { type: 'string', default: '3' },
    url: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
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

/** Every invariant, and exactly one gift in the ledger for every 201 the clients were sent. */
async function ledgerProblems(db: Database['db'], acknowledged: number): Promise<string[]> {
  const problems = await verifyLedger(db);
  const [gifts] = ((await db.execute(sql`SELECT count(*)::int AS n FROM credit_transfers WHERE kind = 'gift'`)) as unknown as { rows: { n: number }[] }).rows;
  if (Number(gifts?.n) !== acknowledged) problems.push(`${gifts?.n} gifts in the ledger but ${acknowledged} acknowledged`);
  return problems;
}

const pgArgs = (url: string) => {
  const u = new URL(url);
  return {
    args: ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username) || 'postgres', u.pathname.slice(1)],
    env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) },
  };
};

/** pgbench's TPC-B-like tables at scale N (one branch per client). */
function pgbenchInit(url: string): void {
  const { args, env } = pgArgs(url);
  const init = spawnSync('pgbench', ['-i', '-q', '-s', String(Math.max(clients, 1)), ...args], { env, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
}

/** pgbench's rate on the database at url: its standard TPC-B-like script, or the given script files. */
function pgbench(url: string, scripts: string[] = []): number {
  const { args, env } = pgArgs(url);
  const custom = scripts.length ? ['-M', 'prepared', ...scripts.flatMap((f) => ['-f', f])] : [];
  const bench = spawnSync('pgbench', ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), ...custom, ...args], { env, encoding: 'utf8' });
  const tps = /tps = ([\d.]+)/.exec(bench.stdout)?.[1];
  if (bench.status !== 0 || !tps) throw new Error(`pgbench failed: ${bench.stderr}${bench.stdout}`);
  return Number(tps);
}

/**
 * Written pages flushed before each timed run, so no run pays for the writes of the one
 * before it (or for pgbench -i's tables): each starts from the same clean state.
 */
async function checkpoint(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('CHECKPOINT');
  await admin.end();
}

/**
 * The three PostgreSQL runs, ready to take turns: pgbench's tables, the API's server on its
 * own database, and the API's SQL for pgbench on another (see ledger-sql.ts). Each has the
 * same clients: 16 people, each giving to the next round a ring, so neighbours contend.
 */
async function preparePostgres() {
  const names = { pgbench: 'carecircles_bench_pgbench', api: 'carecircles_bench_ledger', sql: 'carecircles_bench_ledger_sql' };
  const pgbenchUrl = await recreate(names.pgbench);
  pgbenchInit(pgbenchUrl);
  const apiUrl = await recreate(names.api);
  const apiDb = await openDatabase({ databaseUrl: apiUrl, poolSize: 4 });
  await migrate(apiDb);
  // The most one transfer may carry; clients give round a ring, so nobody runs dry.
  const { holders } = await ledgerPeople(apiDb, clients, 600_000);
  const sqlUrl = await recreate(names.sql);
  const sqlDb = await openDatabase({ databaseUrl: sqlUrl, poolSize: 4 });
  await migrate(sqlDb);
  const scripts = ledgerSqlScripts((await ledgerPeople(sqlDb, clients, 600_000)).holders);
  const server = await startServerProcess({ DATABASE_URL: apiUrl });
  process.stdout.write('  warming up the server\n');
  const warm = await apiLoad(server.base, holders.slice(0, 2));
  let acknowledged = warm.ok;
  return {
    pgbench: () => pgbench(pgbenchUrl),
    api: async () => {
      const result = await apiLoad(server.base, holders);
      acknowledged += result.ok;
      return result;
    },
    sqlAlone: () => pgbench(sqlUrl, scripts),
    /** Stop the server, check every invariant on both ledgers, drop the three databases. */
    finish: async () => {
      await server.stop();
      const problems = { api: await ledgerProblems(apiDb.db, acknowledged), sql: await verifyLedger(sqlDb.db) };
      await apiDb.close();
      await sqlDb.close();
      for (const name of Object.values(names)) await drop(name);
      return problems;
    },
  };
}

/** The same load on PGlite: a server on a data directory of its own. */
async function pgliteRun() {
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-bench-ledger-'));
  const lite = await openDatabase({ dataDir });
  await migrate(lite);
  const { holders } = await ledgerPeople(lite, clients, 600_000);
  await lite.close();
  const server = await startServerProcess({ DATA_DIR: dataDir });
  process.stdout.write('  warming up\n');
  const warm = await apiLoad(server.base, holders.slice(0, 2));
  process.stdout.write(`  ${clients} clients for ${seconds} s\n`);
  const result = await apiLoad(server.base, holders);
  await server.stop();
  const again = await openDatabase({ dataDir });
  const problems = await ledgerProblems(again.db, warm.ok + result.ok);
  await again.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { ...result, problems };
}

/**
 * The ratio assumes the machine is the same for every phase. When other work shares it, it is
 * not (and the API's three processes lose more to it than pgbench's two), so the run says how
 * busy the machine was before it started; later phases' figures include the run's own load.
 */
const machine = () => `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores before the run`;

const row = (label: string, tps: number, extra = '') => console.log(`${label.padEnd(34)} ${tps.toFixed(0).padStart(8)} /s  ${extra}`);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const ratios = (xs: number[], base: number[]) => xs.map((x, i) => (x / (base[i] as number)).toFixed(2)).join(', ');

async function main() {
  console.log(`Ledger benchmark: ${clients} clients, ${rounds} rounds of ${seconds} s, PostgreSQL at ${new URL(adminUrl).host}, ${machine()}\n`);
  console.log('Preparing pgbench\'s tables, the API\'s database and server, and the API\'s SQL for pgbench');
  const runs = await preparePostgres();
  const base: number[] = [];
  const api: Awaited<ReturnType<typeof runs.api>>[] = [];
  const alone: number[] = [];
  for (let r = 1; r <= rounds; r++) {
    process.stdout.write(`Round ${r} of ${rounds}: pgbench, the API, the API's SQL alone\n`);
    await checkpoint();
    base.push(runs.pgbench());
    await checkpoint();
    api.push(await runs.api());
    await checkpoint();
    alone.push(runs.sqlAlone());
    console.log(`  pgbench ${base.at(-1)?.toFixed(0)} /s, API ${api.at(-1)?.tps.toFixed(0)} /s, SQL alone ${alone.at(-1)?.toFixed(0)} /s`);
  }
  const problems = await runs.finish();

  console.log('Care Circles API on PGlite');
  const onLite = await pgliteRun();

  // The rates over all rounds: total transfers over total time, for each.
  const pgbenchTps = sum(base) / rounds;
  const apiTps = sum(api.map((a) => a.tps)) / rounds;
  const aloneTps = sum(alone) / rounds;
  const latencies = api.map((a) => a.p95).sort((a, b) => a - b);
  console.log(`\n                                    transfers (mean of ${rounds} rounds)`);
  row('pgbench TPC-B-like (baseline)', pgbenchTps);
  row('API transfers, PostgreSQL', apiTps, `ratio ${(apiTps / pgbenchTps).toFixed(2)} of pgbench (rounds: ${ratios(api.map((a) => a.tps), base)}) · p95 ${latencies[Math.floor(rounds / 2)]?.toFixed(1)} ms (median round) · ${sum(api.map((a) => a.ok))} made, ${sum(api.map((a) => a.refused))} refused`);
  row('  its SQL alone, via pgbench', aloneTps, `ratio ${(aloneTps / pgbenchTps).toFixed(2)} of pgbench (rounds: ${ratios(alone, base)}): the most this ledger's transactions reach here`);
  row('API transfers, PGlite', onLite.tps, `ratio ${(onLite.tps / pgbenchTps).toFixed(2)} of pgbench · p95 ${onLite.p95.toFixed(1)} ms · ${onLite.ok} made, ${onLite.refused} refused`);
  console.log(`\nTarget: PostgreSQL API rate at least 0.5 of pgbench: ${apiTps / pgbenchTps >= 0.5 ? 'met' : 'NOT met'}.`);
  const said = (list: string[]) => (list.length ? list.join('; ') : 'all hold');
  console.log(`Ledger invariants and acknowledged gifts after the runs: PostgreSQL ${said(problems.api)}; PGlite ${said(onLite.problems)}; SQL alone ${said(problems.sql)}.`);
  if (problems.api.length || onLite.problems.length || problems.sql.length) process.exitCode = 1;
}

await main();
