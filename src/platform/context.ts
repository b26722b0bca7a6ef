import type { Actor } from './authz.ts';
import type { Clock } from './clock.ts';
import type { Database, Tx } from './db.ts';
import { deferAccessLog, flushAccessLog } from './access-log.ts';
import { type EventInput, appendEvent } from './events.ts';
import { takeKey } from './idempotency.ts';

/** What every command receives: its transaction, who is acting, the clock and the event sink. */
export interface Ctx {
  tx: Tx;
  actor: Actor | null;
  clock: Clock;
  now: Date;
  emit(event: EventInput): Promise<void>;
  /** Work to do after the transaction commits (e.g. NOTIFY listeners); never part of the change. */
  afterCommit(fn: () => void | Promise<void>): void;
}

export interface Deps {
  database: Database;
  clock: Clock;
}

export type Command<I, O> = (ctx: Ctx, input: I) => Promise<O>;

/** Run a command in one transaction: state changes and the event commit together or not at all. */
export async function run<I, O>(
  deps: Deps,
  actor: Actor | null,
  command: Command<I, O>,
  input: I,
): Promise<O> {
  const after: (() => void | Promise<void>)[] = [];
  let settleKey: ((committed: boolean) => void) | null = null;
  const result = await deps.database.db.transaction(async (tx) => {
    const now = deps.clock.now();
    // A JSON API request sent with an Idempotency-Key: its key is written in this same
    // transaction, so it exists exactly when the change does (platform/idempotency.ts).
    settleKey = await takeKey(tx, now);
    const ctx: Ctx = {
      tx,
      actor,
      clock: deps.clock,
      now,
      emit: (event) => appendEvent(tx, actor?.personId ?? null, now, event),
      afterCommit: (fn) => after.push(fn),
    };
    deferAccessLog(tx);
    const out = await command(ctx, input);
    await flushAccessLog(tx);
    return out;
  }).catch((error: unknown) => {
    (settleKey as ((committed: boolean) => void) | null)?.(false);
    throw error;
  });
  (settleKey as ((committed: boolean) => void) | null)?.(true);
  for (const fn of after) await fn();
  return result;
}

/** Run a read-only query with the same context shape (the access log may still be written). */
export const read = run;
