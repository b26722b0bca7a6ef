// The demo co-op as the in-process demo tests start from it: seeded at the test clock's first
// instant (FakeClock's default, which testApp's clock also starts at) with one password. Seeding
// costs about 7 s of CPU, so `npm test` seeds it once a run for each database (test/run.ts) and
// each test starts from a copy (test/support/db.ts, freshDemoDatabase).
import { seedDemo } from '../../src/demo/index.ts';
import { FakeClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db.ts';

export const DEMO_PASSWORD = 'demo password 1';

export async function seedTestDemo(database: Database): Promise<void> {
  await seedDemo({ database, clock: new FakeClock() }, DEMO_PASSWORD);
}
