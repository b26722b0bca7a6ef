// `npm run bench:chat`: chat delivery across two instances. Two `carecircles serve` processes
// on one fresh PostgreSQL database, a Team whose members hold 1,000 open chat streams (real
// HTTP Server-Sent Events on the real stream endpoint, half on each instance, each signed in
// with a session cookie), and messages posted through the JSON API on alternating instances
// at a steady pace. For every (message, stream) pair: the delay from the POST being sent to
// the event arriving. Then the same fan-out from a bare Node http SSE server holding as many
// streams (bench/chat-baseline.ts), so a busy machine can be read as a ratio.
//
//   npm run bench:chat -- [--clients 1000] [--messages 200] [--interval 250] [--people 200] [--url postgres://...] [--settle 10] [--profile DIR]
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import fastifyCookie from '@fastify/cookie';
import pg from 'pg';
import { createSession } from '../src/modules/people/commands/create-session.ts';
import { createApiToken } from '../src/modules/people/commands/api-tokens.ts';
import { FakeClock } from '../src/platform/clock.ts';
import { run } from '../src/platform/context.ts';
import { type Database, migrate, openDatabase } from '../src/platform/db.ts';
import { getCookieSecret } from '../src/web/secrets.ts';
import { startServerProcess } from '../test/support/server-process.ts';
import { teamWith } from '../test/support/teams.ts';
import { type ClientReport, type Target, messageBody } from './chat-clients.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    messages: { type: 'string', default: '200' },
    interval: { type: 'string', default: '250' },
    people: { type: 'string', default: '200' },
    profile: { type: 'string' },
    settle: { type: 'string', default: '10' },
    url: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const clients = Number(values.clients);
const messages = Number(values.messages);
const intervalMs = Number(values.interval);
const peopleCount = Number(values.people);
const adminUrl = values.url as string;
const WARMUP = 5;

/**
 * Every stream is a socket in the client process and in a server: below the open file limit
 * they fail with EMFILE. Returns null when the limit is enough; otherwise the exit code of this
 * benchmark re-run under `ulimit -n` raised towards the hard limit (children inherit it).
 */
async function underRaisedFileLimit(needed: number): Promise<number | null> {
  const limit = (flag: string) => Number(execFileSync('sh', ['-c', `ulimit ${flag}`]).toString().trim()) || Infinity;
  const soft = limit('-Sn');
  if (soft >= needed) return null;
  const hard = limit('-Hn');
  if (hard < needed || process.env.BENCH_CHAT_RAISED) {
    console.error(`Open file limit ${soft} (hard ${hard}) is below the ${needed} this run needs: raise it (ulimit -n) or use fewer --clients.`);
    return 1;
  }
  console.log(`Raising the open file limit from ${soft} to ${needed} for this run.`);
  const child = spawn('sh', ['-c', `ulimit -n ${needed} && exec "$0" "$@"`, process.execPath, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, BENCH_CHAT_RAISED: '1' } });
  const [code] = (await once(child, 'exit')) as [number | null];
  return code ?? 1;
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

/** A Team with `peopleCount` members, `clients` session cookies spread over them, and API tokens to post with. */
async function setUp(database: Database) {
  const deps = { database, clock: new FakeClock(new Date(Date.now() - 60_000)) };
  const team = await teamWith(deps, peopleCount - 1);
  const members = [team.owner, ...team.members];
  const secret = await getCookieSecret(database, deps.clock);
  // Sessions made the way signing in makes them (createSession), then signed like the server's cookie.
  const cookies = await run(deps, null, async (ctx, count: number) => {
    const made: string[] = [];
    for (let i = 0; i < count; i++) {
      const { token } = await createSession(ctx, (members[i % members.length] as { personId: string }).personId, 'bench:chat');
      made.push(`cc_session=${encodeURIComponent(fastifyCookie.sign(token, secret))}`);
    }
    return made;
  }, clients);
  const tokens: string[] = [];
  for (const m of members.slice(0, 10)) tokens.push((await run(deps, m, createApiToken, { label: 'bench:chat' })).token);
  return { teamId: team.teamId, cookies, tokens };
}

const postAgent = new Agent({ keepAlive: true });
function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: postAgent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Run { name: string; load: number; connected: number; refused: Record<string, number>; report: ClientReport; failedPosts: number; answers: number[]; cpu: { servers: number; clients: number } }

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux; NaN elsewhere).
 * Steadier than delays on a shared machine: it is the work done, not the waiting for a core.
 */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime and stime, in clock ticks of 10 ms
  } catch {
    return NaN;
  }
}
const cpuOf = (pids: (number | undefined)[]) => pids.reduce<number>((sum, pid) => sum + cpuSeconds(pid), 0);

/**
 * Connect the streams from a client process, post warm-up messages (not counted), then the
 * measured ones on a fixed schedule (not waiting for answers, so a slow answer delays no later
 * send), and wait for every delivery or --settle seconds after the last send.
 */
async function measure(name: string, serverPids: (number | undefined)[], targets: Target[], send: (i: number, body: string) => Promise<number>): Promise<Run> {
  const load = loadavg()[0] ?? 0;
  const worker = fork(new URL('./chat-clients.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] });
  const ask = <T>(message: object, key: string): Promise<T> =>
    new Promise((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        worker.off('message', on);
        resolve(m[key] as T);
      };
      worker.on('message', on);
      worker.send(message);
    });
  const { connected, refused } = await ask<{ connected: number; refused: Record<string, number> }>({ connect: { targets, messages } }, 'connected');
  for (let i = 0; i < WARMUP; i++) await send(i, `warmup ${i}`);
  await new Promise((r) => setTimeout(r, 1000));
  let failedPosts = 0;
  const answers: number[] = [];
  const cpuBefore = { servers: cpuOf(serverPids), clients: cpuSeconds(worker.pid) };
  const start = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < messages; i++) {
    const wait = start + i * intervalMs - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sentAt = performance.now();
    sends.push(send(i, messageBody(i)).then(
      (status) => {
        answers.push(performance.now() - sentAt);
        if (status !== 201) failedPosts += 1;
      },
      () => void (failedPosts += 1),
    ));
  }
  await Promise.all(sends);
  const deadline = Date.now() + Number(values.settle) * 1000;
  let report = await ask<ClientReport>({ report: true }, 'report');
  while (report.received < connected * messages && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    report = await ask<ClientReport>({ report: true }, 'report');
  }
  const cpu = { servers: cpuOf(serverPids) - cpuBefore.servers, clients: cpuSeconds(worker.pid) - cpuBefore.clients };
  worker.send({ close: true });
  await once(worker, 'exit');
  return { name, load, connected, refused, report, failedPosts, answers, cpu };
}

function summarise(values: number[]) {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? NaN };
}

function print(r: Run): ReturnType<typeof summarise> {
  const s = summarise(r.report.delays);
  const answered = summarise(r.answers);
  const expected = r.connected * messages;
  console.log(`\n${r.name} (load average ${r.load.toFixed(1)} before)`);
  console.log(`  clients connected ${r.connected} of ${clients}${Object.keys(r.refused).length ? ` (refused: ${JSON.stringify(r.refused)})` : ''}, messages ${messages}${r.failedPosts ? ` (${r.failedPosts} POSTs failed)` : ''}`);
  console.log(`  deliveries expected ${expected}, received ${r.report.received}, duplicates ${r.report.duplicates}, clients out of order ${r.report.outOfOrder}, streams ended ${r.report.ended}`);
  console.log(`  delay p50 ${s.p50.toFixed(1)} ms  p95 ${s.p95.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  max ${s.max.toFixed(1)} ms`);
  console.log(`  (the POST itself answered in p50 ${answered.p50.toFixed(1)} ms, p99 ${answered.p99.toFixed(1)} ms)`);
  console.log(`  CPU while measuring: server processes ${r.cpu.servers.toFixed(2)} s (${((r.cpu.servers * 1000) / messages).toFixed(1)} ms a message), client process ${r.cpu.clients.toFixed(2)} s`);
  return s;
}

const reran = await underRaisedFileLimit(clients + 512);
if (reran !== null) process.exit(reran);
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`Chat delivery benchmark: ${clients} streams, ${messages} messages every ${intervalMs} ms, ${peopleCount} people`);
console.log(`Machine: ${availableParallelism()} cores (${cpu}), Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} before the run`);

const dbName = `twoinst_chat_${randomBytes(4).toString('hex')}`;
await admin(`CREATE DATABASE "${dbName}"`);
const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
const database = await openDatabase({ databaseUrl: dbUrl });
let servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
let baseline: ChildProcess | undefined;
let failed = false;
try {
  await migrate(database);
  // --profile DIR: each server writes a CPU profile there when it stops (open in Chrome DevTools).
  const nodeArgs = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const starting = Promise.all([startServerProcess({ DATABASE_URL: dbUrl }, { nodeArgs }), startServerProcess({ DATABASE_URL: dbUrl }, { nodeArgs })]);
  const setup = await setUp(database);
  servers = await starting;
  const instances = servers.map((s) => s.base);
  const stream = `/circles/${setup.teamId}/chat/stream`;
  const real = await measure(
    'Two instances (carecircles serve ×2, one PostgreSQL)',
    servers.map((s) => s.child.pid),
    setup.cookies.map((cookie, i) => ({ url: `${instances[i % 2]}${stream}`, headers: { cookie } })),
    (i, body) => post(`${instances[i % 2]}/api/v1/circles/${setup.teamId}/chat/messages`, { authorization: `Bearer ${setup.tokens[i % setup.tokens.length]}` }, JSON.stringify({ body })),
  );
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];

  baseline = fork(new URL('./chat-baseline.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const [line] = (await once(baseline.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  const bare = `http://127.0.0.1:${/listening on (\d+)/.exec(line.toString())?.[1]}`;
  const base = await measure('Baseline (bare Node http SSE server, one process)', [baseline.pid], setup.cookies.map(() => ({ url: `${bare}/stream`, headers: {} })), (_i, body) => post(`${bare}/publish`, {}, JSON.stringify({ body })));

  const r = print(real);
  const bl = print(base);
  console.log(`\np99 two instances / baseline: ${(r.p99 / bl.p99).toFixed(1)}×; target p99 < 100 ms: ${r.p99 < 100 ? 'met' : 'NOT met'}`);
  failed = real.report.received !== real.connected * messages || real.connected !== clients || real.report.duplicates > 0 || real.report.outOfOrder > 0;
  if (failed) console.log('FAILED: not every stream received every message exactly once, in the same order.');
} finally {
  baseline?.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.stop()));
  await database.close();
  await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
}
process.exit(failed ? 1 : 0);
