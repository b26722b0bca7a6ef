// Bounded pages (ADR 0022): the circle map one level at a time and a circle's members a page
// at a time, by keyset; with ties on the name nothing is skipped or repeated either way, the
// kept counts follow joins, leaves and renames, and the plain links reach every row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { FakeClock } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import type { Actor } from '../../platform/authz.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { addMember, leaveCircle } from './commands/add-member.ts';
import { createCircle } from './commands/create-circle.ts';
import { circleLevel } from './map-queries.ts';
import { circleMembersPage } from './queries.ts';
import { getCircle } from './queries.ts';

const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'System', isAdmin: true, via: 'system' };

/** Every page forward from the start, then every page back from the end: ids in order each way. */
async function walk(page: (from: { after: string } | { before: string } | Record<string, never>) => Promise<{ ids: string[]; next: string | null; prev: string | null }>, size: number) {
  const forward: string[] = [];
  let last = await page({});
  forward.push(...last.ids);
  let pages = 1;
  assert.equal(last.prev, null, 'the first page has no previous page');
  while (last.next) {
    assert.ok(last.ids.length <= size);
    last = await page({ after: last.next });
    pages += 1;
    forward.push(...last.ids);
  }
  const backward: string[] = [...last.ids];
  while (last.prev) {
    last = await page({ before: last.prev });
    assert.ok(last.ids.length <= size && last.ids.length > 0);
    backward.unshift(...last.ids);
  }
  return { forward, backward, pages };
}

describeEachDatabase('bounded pages: circle map and members', (db) => {
  test('one level of the map a page at a time: same names, each circle once, forward and back, with kept counts', async () => {
    const deps = { database: db(), clock: new FakeClock(new Date('2026-03-01T10:00:00Z')) };
    const { circleId: top } = await run(deps, system, createCircle, { name: 'Top', aim: 'a', domain: 'd', parentId: null });
    const names = ['Same', 'Same', 'Same', 'Alpha', 'Zed'];
    const made: string[] = [];
    for (const name of names) made.push((await run(deps, system, createCircle, { name, aim: 'a', domain: 'd', parentId: top })).circleId);
    const owner = await makePerson(deps);
    await run(deps, system, createCircle, { name: 'A team', kind: 'team', aim: 'a', domain: 'd', parentId: top, ownerId: owner.personId });
    const { circleId: deeper } = await run(deps, system, createCircle, { name: 'Deeper', aim: 'a', domain: 'd', parentId: made[0] as string });

    const { forward, backward, pages } = await walk(async (from) => {
      const level = await circleLevel(deps.database.db, top, deps.clock.now(), from, 2);
      return { ids: level.rows.map((r) => r.id), next: level.next, prev: level.prev };
    }, 2);
    assert.equal(pages, 3);
    assert.deepEqual(new Set(forward), new Set(made), 'the circles within, not the team, not the deeper circle');
    assert.equal(forward.length, made.length, 'none repeated');
    assert.deepEqual(backward, forward, 'the same order going back');
    assert.ok(!forward.includes(deeper));

    const topRow = (await circleLevel(deps.database.db, null, deps.clock.now())).rows.find((r) => r.id === top);
    assert.deepEqual([topRow?.circleCount, topRow?.teamCount], [5, 1], 'circles and teams within, kept');
  });

  test("a circle's members by keyset with ties on the name, and its count kept through joins, leaves and renames", async () => {
    const deps = { database: db(), clock: new FakeClock(new Date('2026-03-01T10:00:00Z')) };
    const { circleId } = await run(deps, system, createCircle, { name: 'Local', aim: 'a', domain: 'd', parentId: null });
    const people = [];
    for (const name of ['Sam Same', 'Sam Same', 'Sam Same', 'Ann', 'Zoe', 'Bo']) {
      const p = await makePerson(deps, { name });
      people.push(p);
      await run(deps, system, addMember, { circleId, personId: p.personId });
    }
    const { forward, backward } = await walk(async (from) => {
      const page = await circleMembersPage(deps.database.db, circleId, deps.clock.now(), from, 2);
      assert.equal(page.total, 6);
      return { ids: page.rows.map((r) => r.personId), next: page.next, prev: page.prev };
    }, 2);
    assert.equal(forward.length, 6);
    assert.deepEqual(new Set(forward), new Set(people.map((p) => p.personId)));
    assert.deepEqual(backward, forward);

    const leaver = people[4] as { personId: string };
    await run(deps, { personId: leaver.personId, name: 'Zoe', isAdmin: false, via: 'session' }, leaveCircle, { circleId });
    assert.equal((await getCircle(deps.database.db, circleId))?.memberCount, 5, 'the count follows a leave in its transaction');
    assert.equal((await circleMembersPage(deps.database.db, circleId, deps.clock.now())).total, 5);

    const renamed = people[3] as { personId: string };
    await deps.database.db.execute(sql`UPDATE people SET name = 'Zara' WHERE id = ${renamed.personId}::uuid`);
    const names = (await circleMembersPage(deps.database.db, circleId, deps.clock.now())).rows.map((r) => r.name);
    assert.equal(names.at(-1), 'Zara', 'a rename moves the person to their new place in name order');
  });

  test('without JavaScript: the map shows one level with a way down and up, and the next links reach every member', async () => {
    const t = await testApp(db());
    const reader = await makePerson(t);
    const deps = { database: t.database, clock: t.clock };
    const { circleId: top } = await run(deps, system, createCircle, { name: 'Purpose', aim: 'a', domain: 'd', parentId: null });
    const { circleId: local } = await run(deps, system, createCircle, { name: 'Local', aim: 'a', domain: 'd', parentId: top });
    await run(deps, system, createCircle, { name: 'Garden', aim: 'a', domain: 'd', parentId: local });
    for (let i = 0; i < 104; i++) await run(deps, system, addMember, { circleId: local, personId: (await makePerson(t, { name: `Member ${String(i).padStart(3, '0')}` })).personId });

    const client = new Client(t.app);
    await client.signIn(reader.email);
    const map = await client.get('/circles');
    assert.equal(map.statusCode, 200);
    assert.match(map.body, new RegExp(`href="/circles\\?in=${top}"`), 'a way down');
    assert.doesNotMatch(map.body, /Garden/, 'one level only');
    const level = await client.get(`/circles?in=${local}`);
    assert.match(level.body, /Garden/);
    assert.match(level.body, /aria-current="page">Local</);
    assert.match(level.body, new RegExp(`href="/circles\\?in=${top}">Purpose<`), 'a way up');
    assert.equal((await client.get('/circles?in=not-a-circle')).statusCode, 404);

    const seen: string[] = [];
    let url: string | undefined = `/circles/${local}`;
    while (url) {
      const page = await client.get(url);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /104 members\./);
      const rows = [...page.body.matchAll(/<td>(Member \d+)<\/td>/g)].map((m) => m[1] as string);
      assert.ok(rows.length <= 100, `${rows.length} rows on one page`);
      seen.push(...rows);
      url = /<a href="([^"]+)" rel="next"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
    }
    assert.equal(seen.length, 104);
    assert.equal(new Set(seen).size, 104);
    await t.app.close();
  });
});
