// Logbook search a page at a time (ADR 0022): the reader's own circles first, then the rest,
// each newest first by keyset on (adopted_at, id); entries adopted at the same instant are
// neither skipped nor repeated, and the plain "Older entries" link reaches every one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../platform/context.ts';
import { Client, testApp } from '../../../test/support/app.ts';
import { circleWith, system } from '../../../test/support/circles.ts';
import { teamWith } from '../../../test/support/teams.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { recordLogbookEntry } from './commands/record-logbook-entry.ts';
import { SEARCH_WINDOW, listLogbook } from './logbook-queries.ts';

describeEachDatabase('logbook paging', (db) => {
  test('own circles first, ties on the adoption time neither skipped nor repeated, through the links', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId: mine, people } = await circleWith(deps, ['full']);
    const { circleId: other } = await circleWith(deps, ['full']);
    const reader = people[0] as { personId: string; email: string };
    const record = (circleId: string, title: string) => run(deps, system, (ctx) => recordLogbookEntry(ctx, { circleId, kind: 'decision', title, text: 'Agreed.', authorId: null, reviewDate: null }), {});
    // The clock stands still: every entry is adopted at the same instant, so only the id orders them.
    const ours: string[] = [];
    const theirs: string[] = [];
    for (let i = 0; i < 4; i++) ours.push((await record(mine, `Ours ${i}`)).entryId);
    for (let i = 0; i < 5; i++) theirs.push((await record(other, `Theirs ${i}`)).entryId);

    const seen: { id: string; part: string }[] = [];
    let before: { at: Date; id: string; part: 'mine' | 'rest' } | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const rows = await listLogbook(t.database.db, { withConfidential: false, visibleTeamIds: [], firstCircles: [mine], before }, t.clock.now(), 3);
      assert.ok(rows.length <= 3);
      seen.push(...rows.map((r) => ({ id: r.id, part: r.part })));
      const last = rows.at(-1);
      if (rows.length < 3 || !last) break;
      before = { at: last.adoptedAt, id: last.id, part: last.part };
    }
    assert.deepEqual(seen.slice(0, 4).map((r) => r.part), ['mine', 'mine', 'mine', 'mine'], 'own circles first');
    assert.deepEqual(new Set(seen.slice(0, 4).map((r) => r.id)), new Set(ours));
    assert.deepEqual(new Set(seen.slice(4).map((r) => r.id)), new Set(theirs));
    assert.equal(seen.length, 9, 'none skipped, none repeated');

    // The page itself, without JavaScript: follow "Older entries" to the end.
    for (let i = 0; i < 60; i++) await record(other, `More ${i}`);
    const client = new Client(t.app);
    await client.signIn(reader.email);
    const titles: string[] = [];
    let url: string | undefined = '/logbook';
    while (url) {
      const page = await client.get(url);
      assert.equal(page.statusCode, 200);
      const found = [...page.body.matchAll(/<a href="\/logbook\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1] as string);
      assert.ok(found.length <= 50);
      titles.push(...found);
      url = /<a href="([^"]+)" rel="next"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
    }
    assert.equal(titles.length, 69);
    assert.equal(new Set(titles).size, 69);
    assert.match(titles[0] as string, /^Ours /, 'the first page opens with the reader’s own circle');
    await t.app.close();
  });

  test("a team's entries are marked as a team's by the database, whatever writes them; the mark only finds, the circle's kind decides", async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, localId } = await teamWith(deps);
    const { circleId: elsewhere } = await circleWith(deps, ['full']);
    const record = (circleId: string, title: string) => run(deps, system, (ctx) => recordLogbookEntry(ctx, { circleId, kind: 'decision', title, text: 'Agreed: budget.', authorId: null, reviewDate: null }), {});
    const inTeam = async (id: string) => (await t.database.query<{ in_team: boolean }>('SELECT in_team FROM logbook_entries WHERE id = $1', [id]))[0]?.in_team;
    const teamEntry = (await record(teamId, 'Team budget')).entryId;
    const localEntry = (await record(localId, 'Local budget')).entryId;
    assert.equal(await inTeam(teamEntry), true);
    assert.equal(await inTeam(localEntry), false);
    // Written as a restore or a tool would, claiming otherwise: the database sets it from the circle.
    await t.database.query('UPDATE logbook_entries SET in_team = false WHERE id = $1', [teamEntry]);
    assert.equal(await inTeam(teamEntry), true, 'an update cannot unmark it');
    const rows = await listLogbook(t.database.db, { withConfidential: false, visibleTeamIds: [], firstCircles: [elsewhere], search: 'budget' }, t.clock.now());
    assert.deepEqual(rows.map((r) => r.id), [localEntry], "an outsider's search: the Local Circle's entry, not the team's");
    // The mark forced wrong (as a load with the triggers off could leave it): still not shown to the outsider.
    await t.database.query("ALTER TABLE logbook_entries DISABLE TRIGGER logbook_entries_take_in_team");
    await t.database.query('UPDATE logbook_entries SET in_team = false WHERE id = $1', [teamEntry]);
    await t.database.query("ALTER TABLE logbook_entries ENABLE TRIGGER logbook_entries_take_in_team");
    const again = await listLogbook(t.database.db, { withConfidential: false, visibleTeamIds: [], firstCircles: [elsewhere], search: 'budget' }, t.clock.now());
    assert.deepEqual(again.map((r) => r.id), [localEntry], "the circle's kind decides");
    await t.database.query('SELECT logbook_in_team_refresh()');
    assert.equal(await inTeam(teamEntry), true, 'the refresh after a bulk load marks it again');
    await t.app.close();
  });

  test('a search finds every entry holding the word, newest first, a page at a time, on both sides of the newest entries it reads in order', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId: mine } = await circleWith(deps, ['full']);
    const { circleId: other } = await circleWith(deps, ['full']);
    // More entries than the search reads in adoption order: a rare word inside and beyond that
    // window, a common one throughout, three at a time adopted at the same instant. Words found
    // nowhere else in this database, so the other circles' entries are not in the answer.
    const total = SEARCH_WINDOW + 200;
    await t.database.query(
      `INSERT INTO logbook_entries (id, circle_id, kind, title, text, adopted_at)
       SELECT gen_random_uuid(), $1, 'decision',
              CASE WHEN i IN (3, $3 - 1, $3, $3 + 150) THEN 'Quokka ' || i WHEN i % 4 = 0 THEN 'Wombat ' || i ELSE 'Other ' || i END,
              CASE WHEN i = 700 THEN 'Agreed: the QUOKKA stays.' ELSE 'Agreed.' END,
              $2::timestamptz - ((i / 3) * interval '1 minute')
       FROM generate_series(1, $4) AS i`,
      [other, t.clock.now().toISOString(), SEARCH_WINDOW, total],
    );
    const expected = async (word: string) =>
      (await t.database.query<{ id: string }>(`SELECT id FROM logbook_entries WHERE circle_id = $1 AND (title ILIKE $2 OR text ILIKE $2) ORDER BY adopted_at DESC, id DESC`, [other, `%${word}%`])).map((r) => r.id);
    for (const [word, pageSize] of [['quokka', 50], ['quokka', 2], ['wombat', 50], ['WOMBAT 1', 7], ['nowhere', 50]] as const) {
      const seen: string[] = [];
      let before: { at: Date; id: string; part: 'mine' | 'rest' } | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const rows = await listLogbook(t.database.db, { withConfidential: false, visibleTeamIds: [], firstCircles: [mine], search: word, before }, t.clock.now(), pageSize);
        assert.ok(rows.length <= pageSize);
        seen.push(...rows.map((r) => r.id));
        const last = rows.at(-1);
        if (rows.length < pageSize || !last) break;
        before = { at: last.adoptedAt, id: last.id, part: last.part };
      }
      const want = await expected(word);
      assert.ok(word === 'nowhere' || want.length > 0);
      assert.deepEqual(seen, want, `"${word}": every entry holding it, once, newest first`);
    }
    await t.app.close();
  });
});
