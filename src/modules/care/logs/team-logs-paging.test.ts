// A team's care logs a page at a time (issue 20, ADR 0029): newest first by keyset on
// (starts_at, id), older with "Older logs" and back with "Newer logs", a filter kept across pages,
// logs that start at the same time neither skipped nor repeated.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../../platform/ids.ts';
import { Client, testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { walkPages } from '../../../../test/support/paging.ts';
import { teamWith } from '../../../../test/support/teams.ts';
import { careLogs } from '../schema.ts';

describeEachDatabase("a team's care logs paged", (db) => {
  test('120 logs (starts shared in threes) walked older and back newer: each once, at most 50 a page, the filter kept', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, ownerEmail, members } = await teamWith(deps, 1);
    const supporter = members[0]?.personId as string;
    const now = t.clock.now();
    const rows = Array.from({ length: 120 }, (_, i) => {
      const startsAt = new Date(now.getTime() - (Math.floor(i / 3) + 1) * 3_600_000);
      return { id: newId(), teamId, supporterId: supporter, kind: 'paid' as const, startsAt, endsAt: new Date(startsAt.getTime() + 1_800_000), minutes: 30, state: 'confirmed' as const, createdAt: now, updatedAt: now, hash: 'x' };
    });
    await t.database.db.insert(careLogs).values(rows);
    const client = new Client(t.app);
    await client.signIn(ownerEmail);
    const ids = (html: string) => [...html.matchAll(/<a href="\/care-logs\/([0-9a-f-]{36})">/g)].map((m) => m[1] as string);
    const { forward } = await walkPages(client, `/teams/${teamId}/care-logs?state=confirmed`, ids, 50);
    assert.deepEqual(forward.map((p) => p.length), [50, 50, 20]);
    const order = [...rows].sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime() || b.id.localeCompare(a.id)).map((r) => r.id);
    assert.deepEqual(forward.flat(), order, 'newest first, ties by id, each once');
    // Each row names its supporter (read with the logs, in the same statement).
    const name = (await t.database.query<{ name: string }>('SELECT name FROM people WHERE id = $1', [supporter]))[0]?.name as string;
    const first = await client.get(`/teams/${teamId}/care-logs?state=confirmed`);
    assert.equal(first.body.split(name).length - 1 >= 50, true, `the supporter's name on every row of the page (${name})`);
    const second = await client.get(`/teams/${teamId}/care-logs?state=confirmed&before=${encodeURIComponent(`${rows[49]?.startsAt.toISOString()}_${order[49]}`)}`);
    assert.match(second.body, /href="[^"]*state=confirmed[^"]*newer=[^"]+" rel="prev">Newer logs</, 'the filter is kept on the way back');
    await t.app.close();
  });
});
