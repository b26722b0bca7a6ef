// The members' register and the share register a page at a time (issue 20, ADR 0029): in name
// order by keyset on (name, id) both ways, so people with the same name are neither skipped nor
// repeated, with previous and next links that need no JavaScript.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../platform/ids.ts';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { walkPages } from '../../../test/support/paging.ts';
import { people } from '../people/schema.ts';
import { memberships, shareMovements } from './schema.ts';

describeEachDatabase('register paging', (db) => {
  test('230 members (names shared in threes) walked forward and back on both registers: each once, at most 100 a page', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const admin = await makePerson(deps, { admin: true, name: 'Zz Admin' });
    const now = t.clock.now();
    const folk = Array.from({ length: 230 }, (_, i) => ({ id: newId(), email: `member${i}@example.org`, name: `Member ${String(Math.floor(i / 3)).padStart(3, '0')}`, createdAt: now }));
    await t.database.db.insert(people).values(folk);
    await t.database.db.insert(memberships).values(folk.map((p) => ({ id: newId(), personId: p.id, memberClass: 'supported' as const, state: 'admitted' as const, appliedAt: now, updatedAt: now })));
    await t.database.db.insert(shareMovements).values(folk.map((p, i) => ({ id: newId(), personId: p.id, kind: 'buy' as const, amountPence: 100 + i, at: now })));
    const client = new Client(t.app);
    await client.signIn(admin.email);

    const rowsOf = (html: string) => [...html.matchAll(/<tr[^>]*>\s*<td>(Member \d{3})<\/td>/g)].map((m) => m[1] as string);
    for (const start of ['/membership/register', '/membership/shares']) {
      const { forward } = await walkPages(client, start, rowsOf, 100);
      assert.deepEqual(forward.map((p) => p.length), [100, 100, 30], start);
      const names = forward.flat();
      assert.deepEqual(names, [...names].sort(), `${start}: in name order`);
      assert.deepEqual(names, folk.map((p) => p.name), `${start}: every member once`);
    }
    const shares = await client.get('/membership/shares');
    const total = folk.reduce((s, _, i) => s + 100 + i, 0);
    assert.match(shares.body, new RegExp(`Total share capital: £${(total / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`), 'the total is the whole register’s, not the page’s');
    await t.app.close();
  });
});
