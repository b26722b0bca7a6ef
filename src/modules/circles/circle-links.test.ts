// The kept links (circle_links, migration 0049, ADR 0040): after every kind of change that can
// make or unmake a link, or change who it names or whether they are also a direct member, the
// kept rows are exactly what the rule gives when read again from scratch (circle_links_due()).
// And a member joining while someone is given a link hat, at the same moment on two
// connections, still leaves the link saying the person is a direct member.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { makePerson, testApp } from '../../../test/support/app.ts';
import { circleWith, hatRows } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import type { Database } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import { people } from '../people/schema.ts';
import { circleMembersPage, circleMembership } from './queries.ts';
import { circleMembers, circles, hatAssignments, hatDefinitions } from './schema.ts';

type Link = { assignment_id: string; parent_id: string; person_name: string; direct: boolean; term_end: string };

/** What is kept, and what the rule gives read again, each in one order. */
async function keptAndDue(database: Database) {
  const order = 'ORDER BY assignment_id';
  const kept = await database.query<Link>(`SELECT * FROM circle_links ${order}`);
  const due = await database.query<Link>(`SELECT * FROM circle_links_due() ${order}`);
  return { kept, due };
}

/** The whole table is as the rule reads it, and `expectRows` of it link into `circleId`. */
async function assertKept(database: Database, circleId: string, step: string, expectRows: number) {
  const { kept, due } = await keptAndDue(database);
  assert.deepEqual(kept, due, step);
  assert.equal(kept.filter((l) => l.parent_id === circleId).length, expectRows, `${step}: rows`);
}

/** A circle with one member and a circle within it whose Leader and Delegate hats are the test's own rows. */
async function linkedCircles(database: Database) {
  const t = await testApp(database);
  const deps = { database: t.database, clock: t.clock };
  const d = t.database.db;
  const rows = hatRows(t.clock.now());
  const parent = await circleWith(deps, ['full'], { name: 'Local' });
  const child = await circleWith(deps, [], { name: 'Within', parentId: parent.circleId });
  // The circle's own process hats were made with it; the test's hats replace them.
  await d.delete(hatDefinitions).where(eq(hatDefinitions.circleId, child.circleId));
  const leader = rows.hat(child.circleId, 'Leader', 'leader');
  const delegate = rows.hat(child.circleId, 'Delegate', 'delegate');
  await d.insert(hatDefinitions).values([leader, delegate]);
  return { t, deps, d, now: t.clock.now(), ...rows, parent, child, leader, delegate };
}

describeEachDatabase('circle links kept by the database', (db) => {
  test('every change to hats, members, names, hats\' roles and circles keeps the links as the rule reads them', async () => {
    const { t, deps, d, now, hat, term, day, parent, child, leader, delegate } = await linkedCircles(db());
    const top = await circleWith(deps, [], { name: 'Top' });
    const [lee, del, soon, gone] = [
      await makePerson(deps, { name: 'Lee Leader' }), await makePerson(deps, { name: 'Dee Delegate' }),
      await makePerson(deps, { name: 'Sue Soon' }), await makePerson(deps, { name: 'Gil Gone' }),
    ];
    await d.delete(hatDefinitions).where(eq(hatDefinitions.circleId, top.circleId));
    const facilitator = hat(child.circleId, 'Facilitator', 'facilitator');
    const topLeader = hat(top.circleId, 'Leader', 'leader');
    await d.insert(hatDefinitions).values([facilitator, topLeader]);
    await assertKept(t.database, parent.circleId, 'no link hats held', 0);

    const inForce = term(leader, lee.personId, day(-10), day(300));
    const later = term(delegate, soon.personId, day(5), day(400)); // kept; a member only from its first day
    const ran = term(delegate, del.personId, day(-400), day(-1)); // ran out, not ended: kept, not in force
    const ended = term(leader, gone.personId, day(-400), day(300), now); // ended: no link
    const notLink = term(facilitator, del.personId, day(-10), day(300)); // not a link hat
    const noParent = term(topLeader, del.personId, day(-10), day(300)); // a top-level circle links nowhere
    await d.insert(hatAssignments).values([inForce, later, ran, ended, notLink, noParent]);
    await assertKept(t.database, parent.circleId, 'inserted in every state', 3);

    const names = async () => (await circleMembership(d, parent.circleId, t.clock.now())).map((m) => m.name);
    assert.deepEqual((await names()).filter((n) => n !== parent.people[0]?.name), ['Lee Leader'], 'only the term in force makes a member');

    // Lee joins the parent directly, then leaves: the link says so, and the count stays right.
    const joined = { id: newId(), circleId: parent.circleId, personId: lee.personId, participation: 'full' as const, joinedAt: now };
    await d.insert(circleMembers).values(joined);
    await assertKept(t.database, parent.circleId, 'the holder joins the parent', 3);
    assert.equal((await keptAndDue(t.database)).kept.find((l) => l.assignment_id === inForce.id)?.direct, true);
    assert.equal((await circleMembersPage(d, parent.circleId, t.clock.now())).total, 2, 'counted once');
    await d.update(circleMembers).set({ leftAt: now }).where(eq(circleMembers.id, joined.id));
    await assertKept(t.database, parent.circleId, 'the holder leaves the parent', 3);
    assert.equal((await circleMembersPage(d, parent.circleId, t.clock.now())).total, 2, 'a member by the link alone');

    await d.update(people).set({ name: 'Lee Renamed' }).where(eq(people.id, lee.personId));
    await assertKept(t.database, parent.circleId, 'the holder is renamed', 3);
    await d.update(hatAssignments).set({ termEnd: day(-2) }).where(eq(hatAssignments.id, inForce.id));
    await assertKept(t.database, parent.circleId, 'a term is cut short', 3);
    await d.update(hatAssignments).set({ endedAt: now }).where(eq(hatAssignments.id, later.id));
    await assertKept(t.database, parent.circleId, 'an assignment ends', 2);
    await d.update(hatAssignments).set({ endedAt: null }).where(eq(hatAssignments.id, ended.id));
    await assertKept(t.database, parent.circleId, 'an ended assignment is opened again', 3);
    await d.update(hatDefinitions).set({ role: null }).where(eq(hatDefinitions.id, leader.id));
    await assertKept(t.database, parent.circleId, 'a Leader hat is no longer a link hat', 1);
    await d.update(hatDefinitions).set({ role: 'leader' }).where(eq(hatDefinitions.id, facilitator.id));
    await assertKept(t.database, parent.circleId, 'another hat becomes the Leader', 2);
    await d.update(circles).set({ parentId: parent.circleId }).where(eq(circles.id, top.circleId));
    await assertKept(t.database, parent.circleId, 'a top-level circle is moved under another', 3);
    await d.delete(hatAssignments).where(eq(hatAssignments.id, notLink.id));
    await assertKept(t.database, parent.circleId, 'an assignment is deleted', 2);
    await t.database.query('SELECT circle_links_refresh()');
    await assertKept(t.database, parent.circleId, 'refreshed whole', 2);
    await t.app.close();
  });

  test('a member joining while their link is written on another connection: the link still says they are a direct member', async () => {
    const { t, deps, d, now, term, day, parent, leader, delegate } = await linkedCircles(db());
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    /** `first` runs in a transaction held open while `second` starts on another connection, then commits. */
    const race = async (first: (tx: typeof d) => Promise<unknown>, second: (tx: typeof d) => Promise<unknown>) => {
      let release = () => {};
      let started = () => {};
      const held = new Promise<void>((r) => (release = r));
      const inside = new Promise<void>((r) => (started = r));
      const a = d.transaction(async (tx) => {
        await first(tx as unknown as typeof d);
        started();
        await held;
      });
      await inside;
      const b = d.transaction(async (tx) => void (await second(tx as unknown as typeof d)));
      await wait(150); // on PostgreSQL, long enough for the second to reach its lock and wait
      release();
      await Promise.all([a, b]);
    };
    const member = (personId: string) => ({ id: newId(), circleId: parent.circleId, personId, participation: 'full' as const, joinedAt: now });
    const [p1, p2] = [await makePerson(deps, { name: 'Joins First' }), await makePerson(deps, { name: 'Linked First' })];
    // The member joins first, the link is written while that is not yet committed...
    await race((tx) => tx.insert(circleMembers).values(member(p1.personId)), (tx) => tx.insert(hatAssignments).values(term(leader, p1.personId, day(-1), day(300))));
    // ...and the other way round.
    await race((tx) => tx.insert(hatAssignments).values(term(delegate, p2.personId, day(-1), day(300))), (tx) => tx.insert(circleMembers).values(member(p2.personId)));
    const { kept, due } = await keptAndDue(t.database);
    assert.deepEqual(kept, due);
    assert.deepEqual(kept.filter((l) => l.parent_id === parent.circleId).map((l) => l.direct), [true, true]);
    assert.equal((await circleMembersPage(d, parent.circleId, t.clock.now())).total, 3, 'each counted once');
    await t.app.close();
  });
});
