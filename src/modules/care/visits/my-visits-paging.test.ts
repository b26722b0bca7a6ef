// My visits a page at a time (issue 20, ADR 0029): by keyset on (starts_at, id) both ways, so
// visits at the same time are neither skipped nor repeated, earlier and later by plain links.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../../platform/ids.ts';
import { Client, testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { walkPages } from '../../../../test/support/paging.ts';
import { teamWith } from '../../../../test/support/teams.ts';
import { visits } from '../schema.ts';

describeEachDatabase('my visits paging', (db) => {
  test('120 visits, some at the same time, walked later and back earlier: each once, at most 50 a page', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, owner, ownerEmail } = await teamWith(deps, 1);
    const now = t.clock.now();
    const rows = Array.from({ length: 120 }, (_, i) => {
      // Three visits share each start time: only the id orders them.
      const startsAt = new Date(now.getTime() + (Math.floor(i / 3) + 1) * 3_600_000);
      return { id: newId(), teamId, kind: 'paid' as const, startsAt, endsAt: new Date(startsAt.getTime() + 1_800_000), place: `Place ${i}`, state: 'booked' as const, createdBy: owner.personId, createdAt: now, updatedAt: now };
    });
    await t.database.db.insert(visits).values(rows);
    const client = new Client(t.app);
    await client.signIn(ownerEmail);
    const { forward } = await walkPages(client, '/visits', (html) => [...html.matchAll(/<a href="\/visits\/([0-9a-f-]{36})">/g)].map((m) => m[1] as string), 50);
    assert.deepEqual(forward.map((p) => p.length), [50, 50, 20]);
    const seen = forward.flat();
    assert.equal(new Set(seen).size, 120, 'none repeated');
    const order = [...rows].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id)).map((r) => r.id);
    assert.deepEqual(seen, order, 'soonest first, ties by id, none skipped');
    const first = await client.get('/visits');
    assert.match(first.body, /<a href="\/visits\?after=[^"]+" rel="next">Later visits<\/a>/);
    assert.doesNotMatch(first.body, /rel="prev"/, 'the first page has nothing earlier');
    await t.app.close();
  });
});
