import { sql } from 'drizzle-orm';
import type { Database, Tx } from './db.ts';

/**
 * Live updates across server instances sharing one PostgreSQL database.
 *
 * Publishing is `pg_notify` inside the writer's transaction: PostgreSQL delivers a notification
 * only when that transaction commits (and never if it rolls back), to every session listening,
 * including this process's own. So nobody hears about a row they cannot yet read.
 *
 * Each process listens once per channel (on PostgreSQL a connection of its own from the pool,
 * on PGlite its single connection) and fans each payload out to its local subscribers.
 */
export async function publishInTx(tx: Tx, channel: string, payload: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${channel}, ${payload})`);
}

export interface Listener {
  subscribe(onPayload: (payload: string) => void): () => void;
  close(): Promise<void>;
}

export async function listenChannel(database: Database, channel: string): Promise<Listener> {
  const subscribers = new Set<(payload: string) => void>();
  const stop = await database.listen(channel, (payload) => {
    for (const subscriber of subscribers) subscriber(payload);
  });
  let closed = false;
  return {
    subscribe: (onPayload) => {
      subscribers.add(onPayload);
      return () => subscribers.delete(onPayload);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      subscribers.clear();
      await stop();
    },
  };
}
