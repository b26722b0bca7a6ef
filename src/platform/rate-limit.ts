import { and, count, eq, gt } from 'drizzle-orm';
import type { Tx } from './db.ts';
import { TooManyRequests } from './errors.ts';
import { rateLimitHits } from './schema.ts';

export interface Limit {
  bucket: string;
  max: number;
  windowMs: number;
}

/** Throws TooManyRequests when the bucket already holds `max` hits inside the window. */
export async function assertUnderLimit(tx: Tx, now: Date, limit: Limit): Promise<void> {
  const since = new Date(now.getTime() - limit.windowMs);
  const [row] = await tx
    .select({ n: count() })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.bucket, limit.bucket), gt(rateLimitHits.at, since)));
  if ((row?.n ?? 0) >= limit.max) throw new TooManyRequests();
}

export async function recordHit(tx: Tx, now: Date, bucket: string): Promise<void> {
  await tx.insert(rateLimitHits).values({ bucket, at: now });
}
