// The synthetic co-op, as a function (the CLI in index.ts and the test both call it): drop and
// recreate the database, migrate it, plan the co-op in memory, load it phase by phase in bulk,
// VACUUM (ANALYZE), and check it with the app's own verifiers. See index.ts for what is generated.
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { verifyCareLogs } from '../../src/modules/care/logs/chain.ts';
import { verifyLedger } from '../../src/modules/credits/verify.ts';
import { hashPassword } from '../../src/modules/people/passwords.ts';
import { verifyAccessLog } from '../../src/platform/access-log.ts';
import { migrate, openDatabase } from '../../src/platform/db.ts';
import { progress } from '../../src/platform/progress.ts';
import { inTransaction } from './bulk.ts';
import { dropSecondaryIndexes, restoreIndexes } from './indexes.ts';
import { runCareWorkers } from './care-workers.ts';
import { type Earnings, loadCare } from './care.ts';
import { backendCpu } from './cpu.ts';
import { loadChat } from './chat.ts';
import { loadCircles } from './circles.ts';
import type { LoadContext } from './context.ts';
import { loadLedger } from './ledger.ts';
import { type Coop, PASSWORD, emailOf, planCoop } from './plan.ts';
import { loadPeople } from './people.ts';
import { loadProposals } from './proposals.ts';
import { uuidOf } from './random.ts';
import { planTeams } from './teams-plan.ts';

export interface GenerateOptions {
  /** The database to (re)create; it is dropped first if it exists. */
  url: string;
  scale: number;
  /** The co-op's "now": its three years end here. Default: the start of today (UTC). */
  now?: Date;
  /**
   * Keep every trigger and foreign key firing during the load (slow; for the test). Otherwise
   * the load runs with session_replication_role = replica and the verifiers check afterwards.
   */
  enforceTriggers?: boolean;
  /** Run verifyLedger, verifyCareLogs and verifyAccessLog at the end (default true). */
  verify?: boolean;
  /** Progress bars on stderr (default true). */
  showProgress?: boolean;
  /** Create the database from this (already migrated) template, e.g. the test run's. */
  template?: string;
  /**
   * Threads generating care logs. Default: 2 from scale 0.2 up (when the machine has two cores),
   * else 1, in this thread: starting a worker costs a couple of CPU seconds.
   */
  workers?: number;
}

export interface Sample {
  n: number;
  email: string;
  id: string;
}

export interface CoopReport {
  url: string;
  scale: number;
  now: string;
  password: string;
  counts: Record<string, number>;
  /**
   * Wall time per phase, and the CPU it took: this process, and the PostgreSQL backend that did
   * the loading (read from /proc when the server is local; null otherwise). On a shared machine
   * the CPU seconds say more than the wall time.
   */
  phases: { phase: string; seconds: number; nodeCpu: number; postgresCpu: number | null }[];
  /** Everything, verification included. */
  seconds: number;
  /** From dropping the database to VACUUM: the time to have the co-op ready. */
  loadSeconds: number;
  databaseBytes: number;
  people: { admin: Sample; busyOwner: Sample; worker: Sample; volunteer: Sample; bigCircleMember: Sample };
  ids: Record<string, string>;
}

/** postgres://.../carecircles_bench_s1 for scale 1, ..._s0_002 for 0.002. */
export const defaultUrl = (scale: number) => `postgres://postgres@127.0.0.1:5432/carecircles_bench_s${String(scale).replace('.', '_')}`;

export async function recreateDatabase(url: string, template?: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Refusing the database name "${name}": letters, digits and _ only`);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = template ? (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount : 0;
    await admin.query(exists ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

export async function generateCoop(options: GenerateOptions): Promise<CoopReport> {
  const began = performance.now();
  const now = (options.now ?? new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000)).getTime();
  const phases: CoopReport['phases'] = [];
  const counts: Record<string, number> = {};
  const samples: Record<string, string> = {};
  const serials = new Map<number, number>();
  let backendPid: number | null = null;
  const timed = async <T>(phase: string, fn: (bar: { update(done: number, total: number): void }) => Promise<T>): Promise<T> => {
    const bar = options.showProgress === false ? { update: () => {}, done: () => {} } : quieter(progress(phase.padEnd(10)));
    const started = performance.now();
    const cpu = process.cpuUsage();
    const pgCpu = backendCpu(backendPid);
    const result = await fn(bar);
    bar.done();
    const used = process.cpuUsage(cpu);
    const pgUsed = backendCpu(backendPid);
    phases.push({
      phase, seconds: tenths((performance.now() - started) / 1000), nodeCpu: tenths((used.user + used.system) / 1e6),
      postgresCpu: pgCpu === null || pgUsed === null ? null : tenths(pgUsed - pgCpu),
    });
    return result;
  };

  await timed('database', async () => recreateDatabase(options.url, options.template));
  const database = await openDatabase({ databaseUrl: options.url, poolSize: 3 });
  const client = new pg.Client({ connectionString: options.url });
  try {
    await timed('migrate', () => migrate(database));
    const { coop, passwordHash } = await timed('plan', async () => {
      const planned = planCoop(options.scale, now);
      planTeams(planned);
      // One argon2id hash with the project's own hashing, shared by everyone: hashing 100,000 would take hours.
      return { coop: planned, passwordHash: await hashPassword(PASSWORD) };
    });
    await client.connect();
    backendPid = Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    await client.query('SET synchronous_commit = off');
    // With the triggers on (the test) nothing is bypassed: the indexes stay too, since the
    // deferred ledger checks look rows up through them.
    const fast = !options.enforceTriggers;
    if (fast) await client.query('SET session_replication_role = replica');
    const dropped = fast ? await dropSecondaryIndexes(client) : [];
    const context = (bar: { update(done: number, total: number): void }): LoadContext => ({
      client, coop, passwordHash, progress: bar.update,
      count: (table, rows) => (counts[table] = (counts[table] ?? 0) + rows),
      nextId: (kind) => {
        const next = (serials.get(kind) ?? 0) + 1;
        serials.set(kind, next);
        return uuidOf(kind, next);
      },
      sample: (key, id) => (samples[key] = id),
    });
    const phase = (name: string, load: (ctx: LoadContext) => Promise<void>) => timed(name, (bar) => inTransaction(client, () => load(context(bar))));
    await phase('people', loadPeople);
    await phase('circles', loadCircles);
    await phase('proposals', loadProposals);
    const workers = options.workers ?? (options.scale >= 0.2 ? Math.min(2, availableParallelism()) : 1);
    let earnings: Earnings = { at: [], person: [], minutes: [], log: [], by: [] };
    if (workers <= 1) await phase('care', async (ctx) => void (earnings = await loadCare(ctx, coop.teams.map((_, k) => k))));
    else {
      const care = await timed('care', (bar) => runCareWorkers(coop, { url: options.url, fast, workers }, bar.update));
      for (const [table, rows] of Object.entries(care.counts)) counts[table] = (counts[table] ?? 0) + rows;
      Object.assign(samples, care.samples);
      const carePhase = phases.at(-1) as CoopReport['phases'][number];
      carePhase.postgresCpu = care.postgresCpu === null ? null : tenths(care.postgresCpu);
      earnings = care.earnings;
    }
    await phase('ledger', (ctx) => loadLedger(ctx, earnings));
    await phase('chat', loadChat);
    if (dropped.length > 0) await timed('indexes', (bar) => restoreIndexes(client, dropped, bar.update));
    // The circles' kept counts and members' kept names (migration 0037): the load ran with the triggers off;
    // which logbook entries are teams' (migration 0047) and who links into each circle (0049), likewise.
    await timed('counts', async () => void (await client.query('SELECT circle_counts_refresh(), logbook_in_team_refresh(), circle_links_refresh()')));
    // VACUUM as well as ANALYZE: it sets the hint bits and the visibility map now, so neither the
    // page benchmark's first reads nor autovacuum (which inserts this big would start) pay for it later.
    await timed('vacuum', async () => void (await client.query('VACUUM (ANALYZE)')));
    const loadSeconds = tenths((performance.now() - began) / 1000);
    if (options.verify !== false) await timed('verify', () => verifyAll(database));
    const [{ bytes }] = (await client.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes')).rows as [{ bytes: string }];
    return {
      url: options.url, scale: options.scale, now: new Date(now).toISOString(), password: PASSWORD, counts, phases,
      seconds: tenths((performance.now() - began) / 1000), loadSeconds, databaseBytes: Number(bytes), people: samplePeople(coop), ids: { ...sampleIds(coop), ...samples },
    };
  } finally {
    await client.end().catch(() => {});
    await database.close();
  }
}

const tenths = (x: number) => Math.round(x * 10) / 10;

/** In a log file (not a terminal) a line every 10 seconds is enough; the bar writes one every 200 ms. */
function quieter(bar: ReturnType<typeof progress>): ReturnType<typeof progress> {
  if (process.stderr.isTTY) return bar;
  let last = 0;
  return {
    update(done, total) {
      if (done < total && Date.now() - last < 10_000) return;
      last = Date.now();
      bar.update(done, total);
    },
    done: () => bar.done(),
  };
}

/** The app's own checks: the ledger adds up, every care-log chain and the access log are intact. */
export async function verifyAll(database: Awaited<ReturnType<typeof openDatabase>>): Promise<void> {
  // At the same time: the ledger's checks are SQL (PostgreSQL's work), the chains' are hashing here.
  const [ledger, care, access] = await Promise.all([verifyLedger(database.db), verifyCareLogs(database), verifyAccessLog(database)]);
  if (ledger.length > 0) throw new Error(`verifyLedger: ${ledger.slice(0, 5).join('; ')}`);
  if (care) throw new Error(`verifyCareLogs: ${care.table} ${care.problem}`);
  if (access) throw new Error(`verifyAccessLog: ${access.problem}`);
}

function samplePeople(coop: Coop): CoopReport['people'] {
  const of = (n: number): Sample => ({ n, email: emailOf(n), id: coop.people[n - 1]?.id as string });
  const big = biggestCircle(coop);
  const member = big.members.some((m) => m.person === 5) ? 5 : (big.members.find((m) => m.participation === 'full') ?? big.members[0])?.person ?? 1;
  return { admin: of(1), busyOwner: of(2), worker: of(3), volunteer: of(4), bigCircleMember: of(member) };
}

const biggestCircle = (coop: Coop) =>
  coop.circles.filter((c) => c.kind === 'circle' && c.level !== 'members').reduce((a, b) => (b.members.length > a.members.length ? b : a));

function sampleIds(coop: Coop): Record<string, string> {
  const circle = (level: string) => coop.circles.find((c) => c.level === level)?.id as string;
  const busy = coop.circles[coop.teams[0]?.circle ?? 0];
  return {
    busyTeam: busy?.id as string, busyTeamLocalCircle: coop.circles[busy?.parent ?? 0]?.id as string, bigCircle: biggestCircle(coop).id,
    generalCircle: circle('general'), membersCircle: circle('members'), workingCircle: circle('working'),
  };
}
