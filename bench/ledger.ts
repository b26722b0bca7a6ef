// `npm run bench:ledger`: transfers per second through the JSON API with N concurrent clients,
// beside pgbench's TPC-B-like rate on the same PostgreSQL with the same N clients, measured in
// the same run (the ratio is the figure: the machine's speed cancels out). Then the same load
// on PGlite. Every ledger invariant is checked after each run.
//
//   npm run bench:ledger -- [--clients 16] [--seconds 20] [--url postgres://...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { verifyLedger } from '../src/modules/credits/verify.ts';
import { type Database, migrate, openDatabase } from '../src/platform/db.ts';
import { type Holder, gift, ledgerPeople, send } from '../test/support/ledger-load.ts';
import { startServerProcess } from '../test/support/server-process.ts';

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

/** Each client is one person giving a quarter credit to the next person, as fast as answers come. */
async function apiLoad(base: string, holders: Holder[]): Promise<{ tps: number; ok: number; refused: number; p95: number }> {
  const until = Date.now() + seconds * 1000;
  let ok = 0;
  let refused = 0;
  const latencies: number[] = [];
  await Promise.all(
    holders.map(async (from, i) => {
      const to = holders[(i + 1) % holders.length] as Holder;
      while (Date.now() < until) {
        const s = gift(from, to);
        const t0 = performance.now();
        await send(base, s);
        latencies.push(performance.now() - t0);
        if (s.status === 201) ok++;
        else refused++;
      }
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
  await apiLoad(server.base, holders.slice(0, 2)).catch(() => undefined);
  process.stdout.write(`  ${clients} clients for ${seconds} s\n`);
  const result = await apiLoad(server.base, holders);
  await server.stop();
  return result;
}

function pgbench(url: string): number {
  const u = new URL(url);
  const args = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username) || 'postgres', u.pathname.slice(1)];
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
  const init = spawnSync('pgbench', ['-i', '-q', '-s', String(Math.max(clients, 1)), ...args], { env, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
  const bench = spawnSync('pgbench', ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), ...args], { env, encoding: 'utf8' });
  const tps = /tps = ([\d.]+)/.exec(bench.stdout)?.[1];
  if (bench.status !== 0 || !tps) throw new Error(`pgbench failed: ${bench.stderr}${bench.stdout}`);
  return Number(tps);
}

const row = (label: string, tps: number, extra = '') => console.log(`${label.padEnd(34)} ${tps.toFixed(0).padStart(8)} /s  ${extra}`);

async function main() {
  console.log(`Ledger benchmark: ${clients} clients, ${seconds} s per run, PostgreSQL at ${new URL(adminUrl).host}\n`);

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
  const pgProblems = await verifyLedger(pgDatabase.db);
  await pgDatabase.close();
  await drop(name);

  console.log('Care Circles API on PGlite');
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-bench-ledger-'));
  const lite = await openDatabase({ dataDir });
  await migrate(lite);
  const onLite = await ledgerRun({ DATA_DIR: dataDir }, lite, () => lite.close());
  const liteDb = await openDatabase({ dataDir });
  const liteProblems = await verifyLedger(liteDb.db);
  await liteDb.close();
  rmSync(dataDir, { recursive: true, force: true });

  console.log('\n                                    transfers');
  row('pgbench TPC-B-like (baseline)', pgbenchTps);
  row('API transfers, PostgreSQL', onPg.tps, `ratio ${(onPg.tps / pgbenchTps).toFixed(2)} of pgbench · p95 ${onPg.p95.toFixed(1)} ms · ${onPg.ok} made, ${onPg.refused} refused`);
  row('API transfers, PGlite', onLite.tps, `ratio ${(onLite.tps / pgbenchTps).toFixed(2)} of pgbench · p95 ${onLite.p95.toFixed(1)} ms · ${onLite.ok} made, ${onLite.refused} refused`);
  console.log(`\nTarget: PostgreSQL API rate at least 0.5 of pgbench: ${onPg.tps / pgbenchTps >= 0.5 ? 'met' : 'NOT met'}.`);
  console.log(`Ledger invariants after the runs: PostgreSQL ${pgProblems.length ? pgProblems.join('; ') : 'all hold'}; PGlite ${liteProblems.length ? liteProblems.join('; ') : 'all hold'}.`);
  if (pgProblems.length || liteProblems.length) process.exitCode = 1;
}

await main();
