// The circle facts statement, asked for one circle (nearly every page), is planned once per
// connection and then run from its generic plan (facts.ts): asked with a list it was planned
// again on every run, 2 to 3 ms each time at scale 1 (docs/performance.md, 2026-12-05). On
// PostgreSQL only: PGlite runs the text unnamed, with nothing kept between runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makePerson, testApp } from '../../../test/support/app.ts';
import { circleWith } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import type { Db } from '../../platform/db.ts';
import { circleFacts, circleFactsMany, circleStanding } from './facts.ts';

describeEachDatabase('circle facts plans', (db, kind) => {
  test('one circle\'s facts and standing run from a generic plan after the first runs; a list of circles still gives each its facts', { skip: kind === 'pglite' && 'PGlite keeps no prepared statements' }, async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const local = await circleWith(deps, ['full', 'full'], { name: 'Local' });
    const other = await circleWith(deps, ['full'], { name: 'Other' });
    const asker = await makePerson(deps);
    const now = t.clock.now();
    await t.database.db.transaction(async (tx) => {
      // One transaction is one connection, whose prepared statements pg_prepared_statements shows.
      for (let i = 0; i < 8; i++) {
        assert.equal((await circleFacts(tx as unknown as Db, local.circleId, now))?.members.length, 2);
        await circleStanding(tx as unknown as Db, local.circleId, asker.personId, now);
      }
      const many = await circleFactsMany(tx as unknown as Db, [local.circleId, other.circleId], now);
      assert.deepEqual([...many.values()].map((f) => f.members.length).sort(), [1, 2]);
      const plans = await tx.execute(`SELECT name, generic_plans::int AS generic FROM pg_prepared_statements WHERE name LIKE 'circle_facts%'`);
      const generic = Object.fromEntries((plans as unknown as { rows: { name: string; generic: number }[] }).rows.map((r) => [r.name, r.generic]));
      assert.ok((generic.circle_facts_one ?? 0) >= 2, JSON.stringify(generic));
      assert.ok((generic.circle_facts_standing_one ?? 0) >= 2, JSON.stringify(generic));
      assert.ok('circle_facts' in generic, 'a list of circles runs the list shape');
    });
    await t.app.close();
  });
});
