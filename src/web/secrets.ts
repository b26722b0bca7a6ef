import { eq } from 'drizzle-orm';
import type { Clock } from '../platform/clock.ts';
import type { Database } from '../platform/db.ts';
import { newSecret } from '../platform/ids.ts';
import { settings } from '../platform/schema.ts';

/**
 * The key that signs cookies lives in the database, created on first start, so every
 * instance on one database shares it and restarts keep everyone signed in.
 */
export async function getCookieSecret(database: Database, clock: Clock): Promise<string> {
  const key = 'cookie_secret';
  await database.db
    .insert(settings)
    .values({ key, value: newSecret(), updatedAt: clock.now() })
    .onConflictDoNothing();
  const [row] = await database.db.select().from(settings).where(eq(settings.key, key));
  return String(row?.value);
}
