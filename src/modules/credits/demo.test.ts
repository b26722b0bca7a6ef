import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../platform/clock.ts';
import { describeEachDemoDatabase } from '../../../test/support/db.ts';
import { accountOf, listPools, poolDetail } from './queries.ts';
import { verifyLedger } from './verify.ts';

describeEachDemoDatabase('credits in the demo co-op', (db) => {
  test('the demo has balances, gifts, a welcome pool with its policy and one welcome gift citing it', async () => {
    const deps = { database: db(), clock: new FakeClock() };
    assert.deepEqual(await verifyLedger(deps.database.db), []);
    const [rose] = await deps.database.query<{ id: string }>("SELECT id FROM people WHERE email = 'rose@demo.carecircles.org'");
    assert.equal((await accountOf(deps.database.db, rose?.id as string))?.balance, (1 + 3 - 1.5) * 60);
    const [pool] = await listPools(deps.database.db);
    assert.equal(pool?.circleName, 'Calderdale Local Circle');
    const detail = await poolDetail(deps.database.db, pool?.id as string);
    assert.equal(detail?.allowances[0]?.title, 'Welcome gifts from the pool');
    assert.equal(detail?.allowances[0]?.paid, 3 * 60);
    assert.equal(detail?.account.balance, (5 + 3 + 2 - 3) * 60, 'donations and Sam’s auto-donated earnings, less the welcome gift');
  });
});
