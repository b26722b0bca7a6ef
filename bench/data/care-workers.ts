// The care phase on several threads: teams' chains are independent, so each worker plans the
// same co-op (the plan is deterministic and cheap), takes a share of the teams, and loads them
// on its own connection in its own transaction. Generating the logs and hashing their chains is
// the generator's heaviest work; with the machine's cores shared, one thread left PostgreSQL
// waiting for it (docs/performance.md).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { type Earnings, careLogPlan, loadCare } from './care.ts';
import { backendCpu } from './cpu.ts';
import { type Coop, planCoop } from './plan.ts';
import { uuidOf } from './random.ts';
import { planTeams } from './teams-plan.ts';

interface Job {
  benchCare: true;
  url: string;
  scale: number;
  now: number;
  fast: boolean;
  teams: number[];
}

type Message =
  | { type: 'progress'; done: number }
  | { type: 'done'; earnings: Earnings; counts: Record<string, number>; samples: Record<string, string>; postgresCpu: number | null };

export interface CareResult {
  earnings: Earnings;
  counts: Record<string, number>;
  samples: Record<string, string>;
  postgresCpu: number | null;
}

/** Split the teams so each worker gets about the same number of logs (largest first). */
function shares(coop: Coop, workers: number): number[][] {
  const { perTeam } = careLogPlan(coop);
  const out = Array.from({ length: workers }, () => ({ teams: [] as number[], logs: 0 }));
  const order = [...perTeam.keys()].sort((a, b) => (perTeam[b] as number) - (perTeam[a] as number) || a - b);
  for (const k of order) {
    const least = out.reduce((a, b) => (b.logs < a.logs ? b : a));
    least.teams.push(k);
    least.logs += perTeam[k] as number;
  }
  return out.map((s) => s.teams.sort((a, b) => a - b));
}

export async function runCareWorkers(coop: Coop, o: { url: string; fast: boolean; workers: number }, progress: (done: number, total: number) => void): Promise<CareResult> {
  const file = new URL('./care-workers.ts', import.meta.url).href;
  // Workers do not inherit tsx's loader: each registers it, then imports this file.
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
  const done: number[] = [];
  const started: Worker[] = [];
  const runs = shares(coop, o.workers).map((teams, w) => {
    const job: Job = { benchCare: true, url: o.url, scale: coop.scale, now: coop.now, fast: o.fast, teams };
    const worker = new Worker(boot, { eval: true, workerData: job });
    started.push(worker);
    done[w] = 0;
    return new Promise<CareResult>((resolve, reject) => {
      let result: CareResult | null = null;
      worker.on('message', (m: Message) => {
        if (m.type === 'progress') {
          done[w] = m.done;
          progress(done.reduce((a, b) => a + b, 0), coop.sizes.careLogs);
        } else result = m;
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (result ? resolve(result) : reject(new Error(`care worker ${w} stopped (exit code ${code}) before it finished`))));
    });
  });
  try {
    const results = await Promise.all(runs);
    // Merged in worker order, not finishing order: the ledger sorts them by time and log anyway.
    const merged: CareResult = { earnings: { at: [], person: [], minutes: [], log: [], by: [] }, counts: {}, samples: {}, postgresCpu: 0 };
    for (const r of results) {
      for (const key of ['at', 'person', 'minutes', 'log', 'by'] as const) for (const x of r.earnings[key]) (merged.earnings[key] as unknown[]).push(x);
      for (const [table, n] of Object.entries(r.counts)) merged.counts[table] = (merged.counts[table] ?? 0) + n;
      Object.assign(merged.samples, r.samples);
      merged.postgresCpu = merged.postgresCpu === null || r.postgresCpu === null ? null : merged.postgresCpu + r.postgresCpu;
    }
    return merged;
  } finally {
    await Promise.all(started.map((w) => w.terminate()));
  }
}

async function work(job: Job): Promise<void> {
  const coop = planCoop(job.scale, job.now);
  planTeams(coop);
  const client = new pg.Client({ connectionString: job.url });
  await client.connect();
  try {
    const pid = Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    const cpuBefore = backendCpu(pid);
    await client.query('SET synchronous_commit = off');
    if (job.fast) await client.query('SET session_replication_role = replica');
    const counts: Record<string, number> = {};
    const samples: Record<string, string> = {};
    await client.query('BEGIN');
    const earnings = await loadCare(
      {
        client, coop, passwordHash: '',
        progress: (done) => parentPort?.postMessage({ type: 'progress', done } satisfies Message),
        count: (table, rows) => (counts[table] = (counts[table] ?? 0) + rows),
        nextId: (kind) => uuidOf(kind, 0),
        sample: (key, id) => (samples[key] = id),
      },
      job.teams,
    );
    await client.query('COMMIT');
    const cpuAfter = backendCpu(pid);
    const postgresCpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    parentPort?.postMessage({ type: 'done', earnings, counts, samples, postgresCpu } satisfies Message);
  } finally {
    await client.end();
  }
}

if (!isMainThread && (workerData as Job | undefined)?.benchCare) await work(workerData as Job);
