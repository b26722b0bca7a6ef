// `npm run bench:backup -- [--scale 1] [--url postgres://...] [--target NAME] [--dir DIR] [--keep]`
//
// Backs up the synthetic co-op that `npm run bench:data -- --scale N` made (default
// carecircles_bench_s<N>) with the real command, `carecircles backup FILE`, restores the file
// into a fresh database with `carecircles restore FILE`, and proves the round trip exact:
// for every table the row count and a checksum of every row's content (computed in each
// database: md5 of the sorted md5s of the rows' text) are equal, every sequence is where it
// was, and the ledger, access-log and care-log verifiers pass on the copy. Prints the backup's
// size, each command's time, rows per second and peak memory (RSS), and writes the same to
// bench/.out/backup-s<N>.json. The restored database is dropped at the end, the file deleted
// unless --keep. Exits non-zero if anything differs.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/platform/db.ts';
import { runVerifiers } from '../test/support/verifiers.ts';
import { defaultUrl } from './data/generate.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    url: { type: 'string' },
    target: { type: 'string' },
    dir: { type: 'string', default: tmpdir() },
    keep: { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
const suffix = String(scale).replace('.', '_');
const sourceUrl = values.url ?? defaultUrl(scale);
const targetName = values.target ?? `resil_restore_s${suffix}`;
const withDb = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
const adminUrl = withDb(sourceUrl, 'postgres');
const targetUrl = withDb(sourceUrl, targetName);
const file = join(values.dir as string, `carecircles-backup-s${suffix}.jsonl`);
const root = join(import.meta.dirname, '..');

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Run a `carecircles` command on a database; its wall time and peak RSS (VmHWM, read while it runs). */
function carecircles(args: string[], databaseUrl: string): Promise<{ seconds: number; peakMiB: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, DEMO: 'false' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let peakKiB = 0;
  const poll = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      peakKiB = Math.max(peakKiB, Number(hwm?.[1] ?? 0));
    } catch {
      // gone already
    }
  }, 100);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`carecircles ${args.join(' ')} exited with ${code}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakMiB: peakKiB / 1024 });
    });
  });
}

interface TableSum { table: string; rows: number; sum: string }

/** Per table, the row count and the md5 of its rows' md5s in order: equal sums, equal contents. */
async function checksums(url: string): Promise<{ tables: TableSum[]; sequences: Record<string, string | null> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const names = (await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")).rows;
    const tables: TableSum[] = [];
    for (const { name } of names) {
      const q = `SELECT count(*)::bigint AS rows, coalesce(md5(string_agg(h, '' ORDER BY h)), '') AS sum FROM (SELECT md5(t::text) AS h FROM "${name}" t) r`;
      const [r] = (await client.query<{ rows: string; sum: string }>(q)).rows;
      tables.push({ table: name, rows: Number(r?.rows), sum: String(r?.sum) });
    }
    const seqs = (await client.query<{ name: string; value: string | null }>("SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1")).rows;
    return { tables, sequences: Object.fromEntries(seqs.map((s) => [s.name, s.value])) };
  } finally {
    await client.end();
  }
}

/**
 * Rows inserted, updated or deleted in each table since the statistics were last reset. Read
 * before the backup and again after the comparison: a table whose count moved was written by
 * someone else during the run, and is compared against rows the backup could not have seen.
 */
async function writeCounts(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (await client.query<{ name: string; n: string }>("SELECT relname AS name, (n_tup_ins + n_tup_upd + n_tup_del)::text AS n FROM pg_stat_user_tables WHERE schemaname = 'public'")).rows;
    return new Map(rows.map((r) => [r.name, Number(r.n)]));
  } finally {
    await client.end();
  }
}

const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await fn();
  return [result, (performance.now() - started) / 1000];
};
const mib = (bytes: number) => bytes / 1024 / 1024;
const perSecond = (n: number, s: number) => Math.round(n / s).toLocaleString('en-GB');

async function main(): Promise<number> {
  const sourceName = new URL(sourceUrl).pathname.slice(1);
  const sourceBytes = await admin(async (c) => Number((await c.query<{ b: string }>('SELECT pg_database_size($1)::text AS b', [sourceName])).rows[0]?.b));
  console.log(`Backing up ${sourceName} (${mib(sourceBytes).toFixed(0)} MiB on disk), load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores.`);
  const writesBefore = await writeCounts(sourceUrl);
  const backedUp = await carecircles(['backup', file], sourceUrl);
  const bytes = statSync(file).size;

  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${targetName}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${targetName}"`);
  });
  try {
    await carecircles(['migrate'], targetUrl);
    const restored = await carecircles(['restore', file], targetUrl);

    console.log('Comparing every table and sequence (in both databases at once)...');
    const [[source, target], compareSeconds] = await time(() => Promise.all([checksums(sourceUrl), checksums(targetUrl)]));
    const problems: string[] = [];
    const restoredBy = new Map(target.tables.map((t) => [t.table, t]));
    for (const s of source.tables) {
      const t = restoredBy.get(s.table);
      if (!t) problems.push(`${s.table}: missing from the restored copy`);
      else if (t.rows !== s.rows || t.sum !== s.sum) problems.push(`${s.table}: ${s.rows} rows (${s.sum}) backed up, ${t.rows} rows (${t.sum}) restored`);
    }
    if (target.tables.length !== source.tables.length) problems.push(`${source.tables.length} tables backed up, ${target.tables.length} in the copy`);
    for (const [name, value] of Object.entries(source.sequences)) {
      if (target.sequences[name] !== value) problems.push(`sequence ${name}: ${value} backed up, ${target.sequences[name]} restored`);
    }
    const writesAfter = await writeCounts(sourceUrl);
    const written = [...writesAfter].filter(([name, n]) => n !== writesBefore.get(name)).map(([name, n]) => `${name} (${n - (writesBefore.get(name) ?? 0)} row changes)`);
    if (written.length) {
      problems.push(`the source was written to during the run, so these tables may hold rows the backup never saw; run again with nothing else using ${sourceName}: ${written.join(', ')}`);
    }
    // Said at once: the verifiers take longest (at scale 1, more than a quarter of an hour here).
    console.log(problems.length ? `Comparison FAILED:\n  ${problems.join('\n  ')}` : `Comparison in ${compareSeconds.toFixed(1)} s: every table's rows and checksum and every sequence are equal.`);
    console.log('Running the verifiers on the restored copy (ledger, access log, care logs)...');
    const copy = await openDatabase({ databaseUrl: targetUrl, poolSize: 2 });
    const [verifierProblems, verifySeconds] = await time(() => runVerifiers(copy).finally(() => copy.close()));
    problems.push(...verifierProblems);

    const rows = source.tables.reduce((sum, t) => sum + t.rows, 0);
    const report = {
      scale, source: sourceName, tables: source.tables.length, rows, sequences: Object.keys(source.sequences).length,
      databaseMiB: Math.round(mib(sourceBytes)), backupMiB: Math.round(mib(bytes)),
      backup: { seconds: backedUp.seconds, rowsPerSecond: Math.round(rows / backedUp.seconds), peakMiB: Math.round(backedUp.peakMiB) },
      restore: { seconds: restored.seconds, rowsPerSecond: Math.round(rows / restored.seconds), peakMiB: Math.round(restored.peakMiB) },
      compareSeconds, verifySeconds, loadAverageAfter: loadavg()[0], problems,
    };
    console.log(`
${rows.toLocaleString('en-GB')} rows in ${source.tables.length} tables, ${report.sequences} sequences; backup file ${mib(bytes).toFixed(0)} MiB
  backup   ${backedUp.seconds.toFixed(1).padStart(7)} s  ${perSecond(rows, backedUp.seconds).padStart(9)} rows/s  ${(mib(bytes) / backedUp.seconds).toFixed(1)} MiB/s  peak RSS ${backedUp.peakMiB.toFixed(0)} MiB
  restore  ${restored.seconds.toFixed(1).padStart(7)} s  ${perSecond(rows, restored.seconds).padStart(9)} rows/s  peak RSS ${restored.peakMiB.toFixed(0)} MiB
  compare  ${compareSeconds.toFixed(1).padStart(7)} s   verifiers ${verifySeconds.toFixed(1)} s
${problems.length ? `FAILED:\n  ${problems.join('\n  ')}` : 'Round trip exact: every table\'s rows and checksum, every sequence, and every verifier.'}`);
    const out = join(root, 'bench', '.out');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `backup-s${suffix}.json`), `${JSON.stringify(report, null, 2)}\n`);
    return problems.length ? 1 : 0;
  } finally {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${targetName}" WITH (FORCE)`));
    if (!values.keep) rmSync(file, { force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:backup failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
