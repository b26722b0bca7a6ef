import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import type { Clock } from './clock.ts';
import type { Database, Tx } from './db.ts';
import { newId } from './ids.ts';
import { jobs } from './schema.ts';

export interface JobInput {
  kind: string;
  payload?: Record<string, unknown>;
  runAt: Date;
  /** Jobs with the same key are queued once (e.g. one reminder per proposal per day). */
  dedupeKey?: string;
}

export async function enqueue(tx: Tx, job: JobInput): Promise<void> {
  await tx
    .insert(jobs)
    .values({
      id: newId(),
      kind: job.kind,
      payload: job.payload ?? {},
      runAt: job.runAt,
      dedupeKey: job.dedupeKey ?? null,
    })
    .onConflictDoNothing();
}

export interface JobContext {
  tx: Tx;
  now: Date;
  database: Database;
}

type Handler = (ctx: JobContext, payload: Record<string, unknown>) => Promise<void>;
const handlers = new Map<string, Handler>();

export function registerJob(kind: string, handler: Handler): void {
  handlers.set(kind, handler);
}

/** Jobs that run every so often while a job runner runs, by kind: how often, in ms. */
const recurring = new Map<string, number>();

/** Queue a recurring job for its next slot; the key names the slot, so each slot runs once whoever asks. */
async function queueNextSlot(tx: Tx, kind: string, everyMs: number, after: Date): Promise<void> {
  const slot = new Date(Math.floor(after.getTime() / everyMs) * everyMs + everyMs);
  await enqueue(tx, { kind, runAt: slot, dedupeKey: `${kind}:${slot.toISOString()}` });
}

/**
 * A job with no command to queue it (the audit checkpoints): a job runner queues its next slot
 * when it starts, and each run queues the one after.
 */
export function registerRecurringJob(kind: string, everyMs: number, handler: Handler): void {
  recurring.set(kind, everyMs);
  registerJob(kind, async (ctx, payload) => {
    await handler(ctx, payload);
    await queueNextSlot(ctx.tx, kind, everyMs, ctx.now);
  });
}

const MAX_ATTEMPTS = 5;

/** Which process ran a job: the host alone cannot tell apart two instances on one machine. */
const RUNNER = `${hostname()}:${process.pid}`;

/**
 * Claim one due job and run it inside the claiming transaction. The row stays locked
 * (FOR UPDATE SKIP LOCKED) while the handler runs, so another instance skips it, and the
 * handler's writes commit together with the "done" mark: each job's effects happen once.
 */
export async function runOneJob(database: Database, clock: Clock): Promise<boolean> {
  const now = clock.now();
  let failed: { id: string; attempts: number; error: string } | null = null;
  const ran = await database.db.transaction(async (tx) => {
    const result = await tx.execute(sql`
      SELECT id, kind, payload, attempts FROM jobs
      WHERE status = 'queued' AND run_at <= ${now}
      ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED`);
    const row = (result as unknown as { rows: Record<string, unknown>[] }).rows[0];
    if (!row) return false;
    const id = String(row.id);
    const handler = handlers.get(String(row.kind));
    try {
      if (!handler) throw new Error(`No handler for job kind ${String(row.kind)}`);
      await tx.execute(sql`SAVEPOINT job_work`);
      await handler({ tx, now, database }, row.payload as Record<string, unknown>);
      await tx.execute(sql`RELEASE SAVEPOINT job_work`);
      await tx.execute(sql`
        UPDATE jobs SET status = 'done', attempts = attempts + 1, finished_at = ${now},
          locked_by = ${RUNNER}
        WHERE id = ${id}`);
    } catch (error) {
      if (handler) await tx.execute(sql`ROLLBACK TO SAVEPOINT job_work`);
      failed = { id, attempts: Number(row.attempts) + 1, error: String(error) };
      const retryAt = new Date(now.getTime() + 2 ** failed.attempts * 30_000);
      await tx.execute(sql`
        UPDATE jobs SET attempts = attempts + 1, last_error = ${failed.error},
          status = ${failed.attempts >= MAX_ATTEMPTS ? 'failed' : 'queued'}, run_at = ${retryAt}
        WHERE id = ${id}`);
    }
    return true;
  });
  return ran;
}

/** Poll for due jobs until stopped. Returns a stop function that waits for the current job. */
export function startJobRunner(
  database: Database,
  clock: Clock,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): () => Promise<void> {
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let queuedRecurring = false;
  const tick = () => {
    current = (async () => {
      try {
        if (!queuedRecurring && recurring.size > 0) {
          await database.db.transaction(async (tx) => {
            for (const [kind, everyMs] of recurring) await queueNextSlot(tx, kind, everyMs, clock.now());
          });
          queuedRecurring = true;
        }
        while (!stopped && (await runOneJob(database, clock))) {
          // keep draining while there is due work
        }
      } catch (error) {
        options.onError?.(error);
      }
    })();
    void current.then(() => {
      if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 1000);
    });
  };
  timer = setTimeout(tick, 50);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current;
  };
}
