import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock, DAY } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import type { Actor } from '../../platform/authz.ts';
import { Invalid, NotAllowed } from '../../platform/errors.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { addMember } from './commands/add-member.ts';
import { assignHat } from './commands/assign-hat.ts';
import { createCircle } from './commands/create-circle.ts';
import { circleHats, circleMembersPage, circleMembership } from './queries.ts';
import { circleLevel } from './map-queries.ts';

const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'System', isAdmin: true, via: 'system' };

describeEachDatabase('circles and double-linking', (db) => {
  test('Leader and Delegate are full members of the parent circle only while their term runs', async () => {
    const clock = new FakeClock(new Date('2026-03-01T10:00:00Z'));
    const deps = { database: db(), clock };
    const leader = await makePerson(deps);
    const delegate = await makePerson(deps);
    const { circleId: top } = await run(deps, system, createCircle, { name: 'Purpose', aim: 'a', domain: 'd', parentId: null });
    const { circleId: child } = await run(deps, system, createCircle, { name: 'Local', aim: 'a', domain: 'd', parentId: top });
    assert.deepEqual((await circleLevel(deps.database.db, top, clock.now())).rows.find((c) => c.id === child)?.leader, 'missing');

    const hats = await circleHats(deps.database.db, child, clock.now());
    const hatId = (role: string) => hats.find((h) => h.role === role)?.id as string;
    await run(deps, system, assignHat, { hatId: hatId('leader'), personId: leader.personId });
    await run(deps, system, assignHat, { hatId: hatId('delegate'), personId: delegate.personId });

    // The same person cannot be both.
    await assert.rejects(run(deps, system, assignHat, { hatId: hatId('delegate'), personId: leader.personId }), Invalid);

    const inParent = await circleMembership(deps.database.db, top, clock.now());
    assert.deepEqual(new Set(inParent.map((m) => m.personId)), new Set([leader.personId, delegate.personId]));
    assert.ok(inParent.every((m) => m.participation === 'full' && m.linkFrom));
    const map = await circleLevel(deps.database.db, top, clock.now());
    assert.equal(map.rows.find((c) => c.id === child)?.leader, 'in place');

    clock.advance(366 * DAY); // terms are 12 months
    assert.deepEqual(await circleMembership(deps.database.db, top, clock.now()), []);
    const after = await circleHats(deps.database.db, child, clock.now());
    assert.equal(after.find((h) => h.role === 'leader')?.dueForReselection.length, 1, 'an expired term shows as due for re-selection');
    assert.equal((await circleLevel(deps.database.db, top, clock.now())).rows.find((c) => c.id === child)?.delegate, 'missing');
  });

  test("a circle's members are listed a page at a time, in name order, links included", async () => {
    const clock = new FakeClock(new Date('2026-03-01T10:00:00Z'));
    const deps = { database: db(), clock };
    const { circleId: top } = await run(deps, system, createCircle, { name: 'Purpose', aim: 'a', domain: 'd', parentId: null });
    const { circleId: child } = await run(deps, system, createCircle, { name: 'Local', aim: 'a', domain: 'd', parentId: top });
    const names = ['Cara', 'Abe', 'Eve', 'Bo', 'Dan'];
    for (const name of names) {
      const p = await makePerson(deps, { name });
      await run(deps, system, addMember, { circleId: top, personId: p.personId, participation: name === 'Bo' ? 'guest' : 'full' });
    }
    const linked = await makePerson(deps, { name: 'Ann' });
    const leaderHat = (await circleHats(deps.database.db, child, clock.now())).find((h) => h.role === 'leader')?.id as string;
    await run(deps, system, assignHat, { hatId: leaderHat, personId: linked.personId });

    const pages = [];
    let after: string | undefined;
    do {
      const page = await circleMembersPage(deps.database.db, top, clock.now(), after ? { after } : {}, 2);
      assert.equal(page.total, 6);
      assert.ok(page.rows.length <= 2);
      pages.push(page.rows);
      after = page.next ?? undefined;
    } while (after);
    assert.equal(pages.length, 3);
    const listed = pages.flat();
    assert.deepEqual(listed.map((m) => m.name), ['Abe', 'Ann', 'Bo', 'Cara', 'Dan', 'Eve']);
    assert.equal(listed.find((m) => m.name === 'Ann')?.linkFrom, 'Leader of Local', 'the link holder is listed with where they link from');
    assert.equal(listed.find((m) => m.name === 'Bo')?.participation, 'guest');
  });

  test('only admins set up circles; a team needs its owner', async () => {
    const clock = new FakeClock();
    const deps = { database: db(), clock };
    const member = await makePerson(deps);
    const actor: Actor = { personId: member.personId, name: 'M', isAdmin: false, via: 'session' };
    await assert.rejects(run(deps, actor, createCircle, { name: 'X', aim: 'a', domain: 'd', parentId: null }), NotAllowed);
    await assert.rejects(run(deps, system, createCircle, { name: 'T', kind: 'team', aim: 'a', domain: 'd', parentId: null }), Invalid);
  });

  test("a team's page is visible to its people only; other circles to every member", async () => {
    const t = await testApp(db());
    const owner = await makePerson(t);
    const outsider = await makePerson(t);
    const deps = { database: t.database, clock: t.clock };
    const { circleId: local } = await run(deps, system, createCircle, { name: 'Local', aim: 'a', domain: 'd', parentId: null });
    const { circleId: team } = await run(deps, system, createCircle, {
      name: "Owner's Team", kind: 'team', aim: 'a', domain: 'd', parentId: local, ownerId: owner.personId,
    });
    await run(deps, system, addMember, { circleId: team, personId: owner.personId });

    const ownerClient = new Client(t.app);
    await ownerClient.signIn(owner.email);
    assert.equal((await ownerClient.get(`/circles/${team}`)).statusCode, 200);

    const other = new Client(t.app);
    await other.signIn(outsider.email);
    assert.equal((await other.get(`/circles/${local}`)).statusCode, 200);
    const hidden = await other.get(`/circles/${team}`);
    assert.equal(hidden.statusCode, 404);
    assert.doesNotMatch(hidden.body, /Owner's Team/);
    await t.app.close();
  });
});
