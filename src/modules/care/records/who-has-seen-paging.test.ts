// "Who has seen my records" a page at a time (issue 20, ADR 0029): newest first by keyset on the
// access log's seq both ways, "Older entries" and back with "Newer entries" in a labelled pager,
// entries written at the same instant neither skipped nor repeated, the owner chosen by an
// advocate kept in the links, in the pages and the API alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordAccesses } from '../../../platform/access-log.ts';
import { newId } from '../../../platform/ids.ts';
import { Client, testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { walkPages } from '../../../../test/support/paging.ts';
import { PAGE_SIZE } from './queries.ts';
import { careTeam } from './test-support.ts';

describeEachDatabase('who has seen my records paged', (db) => {
  test('120 reads (logged in threes at one instant) walked older and back newer by the advocate: each once, newest first, the owner kept', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    const noteIds: string[] = [];
    for (let i = 0; i < 40; i++) {
      t.clock.advance(60_000);
      const three = [newId(), newId(), newId()];
      noteIds.push(...three);
      await t.database.db.transaction((tx) => recordAccesses(tx, t.clock.now(), three.map((recordId) => ({ actorId: c.paid.personId, recordType: 'care_note', recordId, ownerId: c.owner.personId, reason: 'team member' }))));
    }
    const countLog = async () => Number((await t.database.query<{ n: string }>('SELECT count(*) AS n FROM access_log'))[0]?.n);
    const logged = await countLog();

    const advocate = new Client(t.app);
    await advocate.signIn((await t.database.query<{ email: string }>('SELECT email FROM people WHERE id = $1', [c.advocate.personId]))[0]?.email as string);
    const ids = (html: string) => [...html.matchAll(/<a href="\/notes\/([0-9a-f-]{36})">/g)].map((m) => m[1] as string);
    const start = `/records/access?owner=${c.owner.personId}`;
    const { forward } = await walkPages(advocate, start, ids, 50);
    assert.deepEqual(forward.map((p) => p.length), [PAGE_SIZE, PAGE_SIZE, 120 - 2 * PAGE_SIZE]);
    // Logged in order: the newest is the last written, whatever instant it shares.
    assert.deepEqual(forward.flat(), [...noteIds].reverse(), 'newest first, each once');
    assert.equal(await countLog(), logged, 'reading the list writes nothing to the log, as before');

    const olderLink = /<a href="([^"]+)" rel="next"/.exec((await advocate.get(start)).body)?.[1] as string;
    const second = await advocate.get(olderLink.replaceAll('&amp;', '&'));
    assert.match(second.body, new RegExp(`<nav aria-label="More entries" class="pager[^"]*"><ul><li><a href="/records/access\\?owner=${c.owner.personId}&amp;newer=\\d+" rel="prev">Newer entries</a></li><li><a href="/records/access\\?owner=${c.owner.personId}&amp;before=\\d+" rel="next">Older entries</a>`), 'both links keep the owner');

    // The API pages the same way, by seq: `next` for older entries, `prev` back.
    const api = async (query: string) => (await advocate.get(`/api/v1/records/access?owner=${c.owner.personId}${query}`)).json() as { entries: { seq: number; href: string }[]; next: number | null; prev: number | null };
    const top = await api('');
    assert.equal(top.prev, null);
    assert.equal(typeof top.next, 'number');
    const older = await api(`&before=${top.next}`);
    assert.deepEqual(older.entries.map((e) => e.href), forward[1]?.map((id) => `/notes/${id}`));
    const back = await api(`&newer=${older.prev}`);
    assert.deepEqual(back.entries.map((e) => e.seq), top.entries.map((e) => e.seq));
    assert.equal(back.prev, null, 'back at the newest entries');

    // The owner's own list has no owner in its links.
    const owner = new Client(t.app);
    await owner.signIn((await t.database.query<{ email: string }>('SELECT email FROM people WHERE id = $1', [c.owner.personId]))[0]?.email as string);
    assert.match((await owner.get('/records/access')).body, /<a href="\/records\/access\?before=\d+" rel="next">Older entries<\/a>/);
    await t.app.close();
  });
});
