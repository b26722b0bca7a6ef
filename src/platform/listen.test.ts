import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { freshPostgres } from '../../test/support/db.ts';

// A listener whose connection the server kills must neither crash the process nor go deaf.
test('a LISTEN connection dropped by PostgreSQL reconnects by itself', { skip: process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL not set' }, async () => {
  const database = await freshPostgres(process.env.TEST_DATABASE_URL as string);
  try {
    const heard: string[] = [];
    const stop = await database.listen('cc_test_channel', (payload) => heard.push(payload));
    await database.query("select pg_notify('cc_test_channel', 'before')");
    await sleep(200);
    await database.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'LISTEN%'");
    let after = false;
    for (let i = 0; i < 40 && !after; i += 1) {
      await sleep(250);
      await database.query("select pg_notify('cc_test_channel', 'after')");
      await sleep(50);
      after = heard.includes('after');
    }
    assert.ok(heard.includes('before'));
    assert.ok(after, 'notifications arrive again after the reconnect');
    await stop();
  } finally {
    await database.close();
  }
});
