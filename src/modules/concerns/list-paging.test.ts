// The concerns list a page at a time (issue 20, ADR 0029): concerns and conflict support each
// newest first by keyset on (created_at, id), older and newer by plain links, each list keeping
// its own place; concerns raised at the same instant are neither skipped nor repeated.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../platform/ids.ts';
import { Client, testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { walkPages } from '../../../test/support/paging.ts';
import { teamWith } from '../../../test/support/teams.ts';
import { concerns } from './schema.ts';

describeEachDatabase('concerns list paged', (db) => {
  test('120 concerns (raised in threes at one instant) walked older and back newer: each once, at most 50 a page', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, ownerEmail, members } = await teamWith(deps, 1);
    const raiser = members[0]?.personId as string;
    const now = t.clock.now();
    const rows = Array.from({ length: 120 }, (_, i) => {
      const at = new Date(now.getTime() - (Math.floor(i / 3) + 1) * 60_000);
      return { id: newId(), teamId, raisedBy: raiser, summary: `Concern ${String(i).padStart(3, '0')}`, details: 'Seen at the visit.', lastStepAt: at, createdAt: at };
    });
    await t.database.db.insert(concerns).values(rows);
    const client = new Client(t.app);
    await client.signIn(ownerEmail);
    const ids = (html: string) => [...html.matchAll(/<a href="\/concerns\/([0-9a-f-]{36})">/g)].map((m) => m[1] as string);
    const { forward } = await walkPages(client, '/concerns', ids, 50);
    assert.deepEqual(forward.map((p) => p.length), [50, 50, 20]);
    const order = [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id)).map((r) => r.id);
    assert.deepEqual(forward.flat(), order, 'newest first, ties by id, each once');
    const first = await client.get('/concerns');
    assert.match(first.body, /<a href="\/concerns\?concerns_after=[^"]+#concerns" rel="next">Older concerns<\/a>/);
    assert.match(first.body, /There is no conflict support for you to see/);
    await t.app.close();
  });
});
