// `npx tsx bench/pages/trace.ts [--scale N] [--url postgres://...] [--password ...] [--only team] [--circles 8]`: the SQL
// behind one request of each benchmarked page, read from PostgreSQL's own log. It turns on
// log_min_duration_statement = 0 for that database only while it runs (ALTER DATABASE), asks
// for each page twice (the second is the one counted, with warm caches) and prints each
// statement's time, so the slow ones and the N+1 loops show.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startServerProcess } from '../../test/support/server-process.ts';
import { get, signIn } from './http.ts';
import { coopIds, findPages } from './targets.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    scale: { type: 'string' },
    password: { type: 'string', default: 'bench password 1' },
    only: { type: 'string' },
    log: { type: 'string', default: '/var/log/postgresql/postgresql-15-main.log' },
    all: { type: 'boolean', default: false },
    // As a person in this many circles (or the nearest), for home, logbook search and the circle map.
    circles: { type: 'string' },
  },
});
const tag = (values.scale ?? '1').replace('.', '_');
const url = values.url ?? `postgres://postgres@127.0.0.1:5432/carecircles_bench_s${tag}`;
const database = new URL(url).pathname.slice(1);
const logFile = values.log as string;

function readFrom(offset: number): string {
  const size = statSync(logFile).size;
  const fd = openSync(logFile, 'r');
  const buffer = Buffer.alloc(size - offset);
  readSync(fd, buffer, 0, buffer.length, offset);
  closeSync(fd);
  return buffer.toString('utf8');
}

/**
 * The statements the log holds for this database: time and text. With the extended protocol
 * PostgreSQL logs parse, bind and execute each with its own duration: they are added up into
 * the statement they prepare (the execute line, or a simple query's "statement:" line).
 */
function statements(log: string): { ms: number; prepare: number; text: string }[] {
  const found: { ms: number; prepare: number; text: string }[] = [];
  let pending = 0;
  let prepare = 0;
  for (const entry of log.split(/\n(?=\d{4}-\d\d-\d\d )/)) {
    if (!entry.includes(`@${database} `)) continue;
    const m = /duration: ([\d.]+) ms\s+(statement|execute [^:]*|bind [^:]*|parse [^:]*): ([\s\S]*)/.exec(entry);
    if (!m) continue;
    pending += Number(m[1]);
    if (m[2]?.startsWith('bind') || m[2]?.startsWith('parse')) {
      prepare += Number(m[1]);
      continue;
    }
    found.push({ ms: pending, prepare, text: (m[3] ?? '').replace(/\s+/g, ' ').trim() });
    pending = 0;
    prepare = 0;
  }
  return found;
}

const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`ALTER DATABASE "${database}" SET log_min_duration_statement = 0`);
// The co-op's encryption key file is where bench:pages keeps it (its first start on the co-op made it).
const server = await startServerProcess({ DATABASE_URL: url, DATA_DIR: process.env.DATA_DIR ?? join(import.meta.dirname, '..', '.out', 'data'), LOG_LEVEL: 'warn' });
try {
  const only = values.only?.split(',');
  const pages = (await findPages(url, 1, coopIds(join(import.meta.dirname, '..', '.out', `coop-s${tag}.json`)), values.circles ? [Number(values.circles)] : undefined)).filter((p) => !only || only.includes(p.name));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  for (const page of pages) {
    const target = page.targets[0];
    if (!target) continue;
    const cookie = await signIn(server.base, target.email, values.password as string);
    await get(server.base, agent, target.path, cookie);
    await new Promise((r) => setTimeout(r, 1000)); // PostgreSQL's log is written a little late
    const offset = statSync(logFile).size;
    const t0 = performance.now();
    const answer = await get(server.base, agent, target.path, cookie);
    const took = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1000));
    // The job runner's poll is not part of the page.
    const list = statements(readFrom(offset)).filter((q) => !q.text.includes('FROM jobs WHERE status'));
    const sum = list.reduce((s, q) => s + q.ms, 0);
    const prepared = list.reduce((s, q) => s + q.prepare, 0);
    console.log(`\n== ${page.name} ${target.path} → ${answer.status} in ${took.toFixed(1)} ms: ${list.length} statements, ${sum.toFixed(1)} ms in PostgreSQL (${prepared.toFixed(1)} ms of it parsing, planning and binding)`);
    for (const q of values.all ? list : [...list].sort((a, b) => b.ms - a.ms).slice(0, 8)) console.log(`  ${q.ms.toFixed(2).padStart(9)} ms (${q.prepare.toFixed(2)} preparing)  ${q.text.slice(0, 400)}`);
  }
  agent.destroy();
} finally {
  await server.stop();
  await admin.query(`ALTER DATABASE "${database}" RESET log_min_duration_statement`);
  await admin.end();
}
