import type pg from 'pg';
import { copyIn, copyValue } from './copy.ts';

/** A table to fill and the columns given (the others take their defaults). */
export interface TableSpec {
  table: string;
  columns: readonly string[];
}

/** Timestamps go to PostgreSQL as ISO text: exact to the millisecond, and the same text the hashes saw. */
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoDay = (ms: number): string => iso(ms).slice(0, 10);

// One statement at a time per connection: each batch waits for the one before it on the same
// client, whatever table it is for (pg would queue them itself, but that is deprecated).
const tails = new WeakMap<pg.ClientBase, Promise<unknown>>();
function enqueue<T>(client: pg.ClientBase, send: () => Promise<T>): Promise<T> {
  const run = (tails.get(client) ?? Promise.resolve()).catch(() => {}).then(send);
  tails.set(client, run);
  return run;
}

const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Rows for one table, sent in batches of COPY FROM STDIN (copy.ts): one statement and one
 * round trip per batch. At most two batches per table are in flight, so the generator (Node)
 * and the load (PostgreSQL) overlap without holding more than a few batches in memory.
 * Values are given in column order; jsonb columns take the value itself (an object or array).
 * Each row is written into a Buffer as it is added: a batch held as strings on the JS heap
 * survived every young-generation collection until it was sent, and copying it again and
 * again was half of the generator's CPU.
 */
export class Loader {
  written = 0;
  private buffer = Buffer.allocUnsafe(BATCH_BYTES);
  private bytes = 0;
  private rows = 0;
  private readonly text: string;
  private pending: Promise<void>[] = [];
  private failure: unknown = null;
  private readonly before: Loader[] = [];

  constructor(
    private readonly client: pg.ClientBase,
    readonly spec: TableSpec,
    private readonly batchSize = 5_000,
  ) {
    this.text = `COPY "${spec.table}" (${spec.columns.map((name) => `"${name}"`).join(', ')}) FROM STDIN`;
  }

  /**
   * Rows of these tables are sent before each batch of this one (their partial batches too), so
   * a foreign key always finds its row even with the constraint triggers on.
   */
  after(...loaders: Loader[]): this {
    this.before.push(...loaders);
    return this;
  }

  /** Add one row (values in column order). True when a batch was sent: then `await room()`. */
  add(...values: unknown[]): boolean {
    if (values.length !== this.spec.columns.length) throw new Error(`${this.spec.table}: ${values.length} values for ${this.spec.columns.length} columns`);
    // join() makes a flat string: a line built with += was a rope the write had to flatten.
    const line = values.map(copyValue).join('\t');
    const most = line.length * 3 + 1;
    let sent = false;
    if (this.bytes + most > this.buffer.length) {
      sent = this.rows > 0;
      this.send();
      if (most > this.buffer.length) this.buffer = Buffer.allocUnsafe(most);
    }
    this.bytes += this.buffer.write(line, this.bytes);
    this.buffer[this.bytes++] = 0x0a;
    this.rows += 1;
    if (this.rows < this.batchSize) return sent;
    this.send();
    return true;
  }

  /** Wait until at most one batch is still in flight. */
  async room(): Promise<void> {
    while (this.pending.length > 1) await this.pending.shift();
    this.rethrow();
  }

  /** Send what is left and wait for every batch. */
  async finish(): Promise<number> {
    for (const loader of this.before) await loader.finish();
    this.send();
    while (this.pending.length > 0) await this.pending.shift();
    this.rethrow();
    return this.written;
  }

  private send(): void {
    if (this.rows === 0) return;
    for (const loader of this.before) loader.send();
    const batch = this.buffer.subarray(0, this.bytes);
    this.buffer = Buffer.allocUnsafe(BATCH_BYTES);
    this.bytes = 0;
    this.rows = 0;
    const sent = enqueue(this.client, () => copyIn(this.client, this.text, batch)).then(
      (rows) => {
        this.written += rows;
      },
      (error: unknown) => {
        this.failure ??= new Error(`inserting into ${this.spec.table}: ${(error as Error).message}`, { cause: error });
      },
    );
    this.pending.push(sent);
  }

  private rethrow(): void {
    if (this.failure) throw this.failure;
  }
}

/** Run fn inside one transaction on this client. */
export async function inTransaction<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
