// A team's notebook a page at a time (issue 20, ADR 0029): newest first by keyset on
// (updated_at, id), "Older notes" and back with "Newer notes" in a labelled pager, notes written
// at the same instant neither skipped nor repeated, in the pages and the API alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../../platform/context.ts';
import { Client, testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { walkPages } from '../../../../test/support/paging.ts';
import { teamWith } from '../../../../test/support/teams.ts';
import { NOTES_PAGE } from './read.ts';
import { writeNote } from './commands.ts';

describeEachDatabase("a team's notebook paged", (db) => {
  test('120 notes (written in threes at one instant) walked older and back newer: each once, newest first', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, ownerEmail, members } = await teamWith(deps, 1);
    const writer = members[0] as NonNullable<(typeof members)[0]>;
    const written: { id: string; at: Date }[] = [];
    for (let i = 0; i < 120; i++) {
      if (i % 3 === 0) t.clock.advance(60_000);
      const { noteId } = await run(deps, writer, writeNote, { teamId, text: `Note ${i}` });
      written.push({ id: noteId, at: t.clock.now() });
    }
    const client = new Client(t.app);
    await client.signIn(ownerEmail);
    const ids = (html: string) => [...html.matchAll(/<a href="\/notes\/([0-9a-f-]{36})">/g)].map((m) => m[1] as string);
    const { forward } = await walkPages(client, `/teams/${teamId}/notes`, ids, 50);
    assert.deepEqual(forward.map((p) => p.length), [...Array(120 / NOTES_PAGE).fill(NOTES_PAGE)]);
    const order = [...written].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id.localeCompare(a.id)).map((n) => n.id);
    assert.deepEqual(forward.flat(), order, 'newest first, ties by id, each once');

    const first = await client.get(`/teams/${teamId}/notes`);
    assert.match(first.body, /<nav aria-label="More care notes" class="pager[^"]*"><ul><li><a href="\/teams\/[0-9a-f-]{36}\/notes\?before=[^"]+" rel="next">Older notes<\/a>/);
    assert.doesNotMatch(first.body, /rel="prev"/, 'nothing is newer than the first page');

    // The API pages the same way: `next` for older, `prev` back.
    const api = async (query: string) => (await client.get(`/api/v1/teams/${teamId}/notes${query}`)).json() as { notes: { id: string }[]; next: string | null; prev: string | null };
    const top = await api('');
    assert.equal(top.prev, null);
    const second = await api(`?before=${encodeURIComponent(top.next as string)}`);
    assert.deepEqual(second.notes.map((n) => n.id), order.slice(NOTES_PAGE, 2 * NOTES_PAGE));
    const back = await api(`?newer=${encodeURIComponent(second.prev as string)}`);
    assert.deepEqual(back.notes.map((n) => n.id), order.slice(0, NOTES_PAGE));
    assert.equal(back.prev, null, 'back at the newest notes');
    await t.app.close();
  });
});
