import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { freshPostgres, describeEachDatabase } from '../../test/support/db.ts';
import { FakeClock, MINUTE } from './clock.ts';
import { openDatabase } from './db.ts';
import { enqueue, registerJob, runOneJob, startJobRunner } from './jobs.ts';

let failures = 0;
registerJob('test.flaky', async ({ tx }, payload) => {
  await tx.execute(sql`INSERT INTO job_effects (key) VALUES (${String(payload.key)})`);
  failures += 1;
  if (failures < 3) throw new Error('not yet');
});
registerJob('test.effect', async ({ tx }, payload) => {
  await tx.execute(sql`INSERT INTO job_effects (key) VALUES (${String(payload.key)})`);
});

describeEachDatabase('jobs', (db) => {
  test('a dedupe key queues once; a failing job is retried later and its writes roll back', async () => {
    const database = db();
    const clock = new FakeClock();
    await database.query('CREATE TABLE job_effects (key text NOT NULL)');
    await database.db.transaction(async (tx) => {
      await enqueue(tx, { kind: 'test.flaky', payload: { key: 'k' }, runAt: clock.now(), dedupeKey: 'once' });
      await enqueue(tx, { kind: 'test.flaky', payload: { key: 'k' }, runAt: clock.now(), dedupeKey: 'once' });
    });
    assert.equal((await database.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE kind = 'test.flaky'"))[0]?.n, 1);
    failures = 0;
    assert.equal(await runOneJob(database, clock), true);
    assert.equal(await runOneJob(database, clock), false, 'a failed job waits before it is tried again');
    clock.advance(2 * MINUTE);
    await runOneJob(database, clock);
    clock.advance(5 * MINUTE);
    await runOneJob(database, clock);
    const [job] = await database.query<{ status: string; attempts: number }>("SELECT status, attempts FROM jobs WHERE kind = 'test.flaky'");
    assert.deepEqual(job, { status: 'done', attempts: 3 });
    assert.equal((await database.query<{ n: number }>('SELECT count(*)::int AS n FROM job_effects'))[0]?.n, 1, 'only the successful run left its write');
    await database.query('DROP TABLE job_effects');
  });
});

test('two job runners on one PostgreSQL run each job exactly once', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL (PostgreSQL)' }, async () => {
  const first = await freshPostgres(process.env.TEST_DATABASE_URL as string);
  const url = (first as unknown as { url: string }).url;
  const second = await openDatabase({ databaseUrl: url, poolSize: 5 });
  const clock = new FakeClock(new Date());
  await first.query('CREATE TABLE job_effects (key text NOT NULL)');
  await first.db.transaction(async (tx) => {
    for (let i = 0; i < 200; i++) await enqueue(tx, { kind: 'test.effect', payload: { key: `job-${i}` }, runAt: clock.now() });
  });
  const stops = [startJobRunner(first, clock, { intervalMs: 20 }), startJobRunner(second, clock, { intervalMs: 20 })];
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [left] = await first.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE status <> 'done'");
    if (left?.n === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const stop of stops) await stop();
  const rows = await first.query<{ n: number; distinct: number }>('SELECT count(*)::int AS n, count(DISTINCT key)::int AS distinct FROM job_effects');
  assert.deepEqual(rows[0], { n: 200, distinct: 200 });
  await second.close();
  await first.close();
});
