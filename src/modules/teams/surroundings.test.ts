// The team page reads what is around a team in one statement (ADR 0039). It must read exactly
// what the plain queries read, and the page must still show each person only what it showed
// before: the joins a welcomer sees, a member's own, the open one of someone on trial.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { newId } from '../../platform/ids.ts';
import { people } from '../people/schema.ts';
import { maxConnections } from './care-map/commands.ts';
import { teamConnections } from './care-map/schema.ts';
import { currentPromise } from './promise.ts';
import { teamJoins, teamNotices, teamPromises } from './schema.ts';
import { teamSurroundings } from './surroundings.ts';
import { type TableActor, tableActors, teamCast } from './test-support.ts';

describeEachDatabase('what is around a team, in one statement', (db) => {
  test('the joins, the latest Promise, the open notices, the connections and the Local Circle are what the plain queries read', async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    const d = t.database.db;
    const now = t.clock.now();
    const owner = c.people.owner.personId;
    const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    await d.insert(teamPromises).values([
      { id: newId(), teamId: c.teamId, version: currentPromise.version - 1, acceptedBy: owner, acceptedAt: later(1) },
      { id: newId(), teamId: c.teamId, version: currentPromise.version, acceptedBy: c.people.advocate.personId, acceptedAt: later(2) },
    ]);
    await d.insert(teamNotices).values([
      { id: newId(), teamId: c.teamId, personId: c.people.volunteer.personId, leavingOn: '2027-01-31', handover: 'The Tuesday walks: "ask Sam"\nand the keys', givenAt: later(3) },
      { id: newId(), teamId: c.teamId, personId: c.people.removed.personId, leavingOn: '2026-01-01', handover: 'Done', givenAt: later(-5), leftAt: later(-1) },
    ]);
    // One more than a map holds, with names whose order is the database's to decide.
    const names = Array.from({ length: maxConnections + 1 }, (_, i) => ['Ödön', 'lunch club', 'GP surgery', 'Zoë', 'ärztin'][i % 5] + ` ${String(i).padStart(2, '0')}`);
    await d.insert(teamConnections).values(names.map((name, i) => ({
      id: newId(), teamId: c.teamId, name, kind: 'group' as const, care: 'engaged' as const, note: i % 2 ? null : 'Tuesdays', createdBy: owner, updatedBy: owner, createdAt: later(i), updatedAt: later(i),
    })));

    const around = await teamSurroundings(d, c.teamId);
    const joins = await d.select({ join: teamJoins, name: people.name }).from(teamJoins).innerJoin(people, eq(people.id, teamJoins.personId))
      .where(eq(teamJoins.teamId, c.teamId)).orderBy(desc(teamJoins.updatedAt), desc(teamJoins.id));
    assert.ok(joins.length >= 4, 'the cast has joins in several states');
    assert.deepEqual(around.joins, joins);
    const [latest] = await d.select().from(teamPromises).where(eq(teamPromises.teamId, c.teamId)).orderBy(desc(teamPromises.acceptedAt)).limit(1);
    assert.deepEqual(around.latestPromise, latest);
    assert.equal(around.latestPromise?.version, currentPromise.version);
    const notices = await d.select({ notice: teamNotices, name: people.name }).from(teamNotices).innerJoin(people, eq(people.id, teamNotices.personId))
      .where(and(eq(teamNotices.teamId, c.teamId), isNull(teamNotices.leftAt)));
    assert.deepEqual(around.notices, notices);
    assert.equal(around.notices.length, 1, 'a notice whose member has left is not open');
    const connections = await d.select().from(teamConnections).where(eq(teamConnections.teamId, c.teamId)).orderBy(asc(teamConnections.name), asc(teamConnections.id)).limit(maxConnections);
    assert.equal(around.connections.length, maxConnections);
    assert.deepEqual(around.connections, connections);
    assert.deepEqual(around.localCircle, { id: c.localId, name: 'Local' });
  });

  test('the team page and the API show each person the joins they saw before, and nothing to those outside', async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    const all = await t.database.db.select().from(teamJoins).where(eq(teamJoins.teamId, c.teamId));
    const own = (who: TableActor) => all.filter((j) => j.personId === c.people[who].personId).map((j) => j.id).sort();
    const everyone = all.map((j) => j.id).sort();
    const trialJoin = all.find((j) => j.personId === c.people.trial.personId && j.state === 'trial');
    assert.ok(trialJoin, 'the cast has someone on trial');
    // Who welcomes in this team: its owner and advocate (the owner's side); everyone else in it sees their own.
    const expected: Record<TableActor, string[] | 404> = {
      owner: everyone, advocate: everyone, member: own('member'), volunteer: own('volunteer'), trial: [trialJoin.id],
      removed: 404, admin: 404, leader: 404, outsider: 404,
    };
    for (const who of tableActors) {
      const { page, api } = c.clients[who];
      const viaApi = await api('GET', `/api/v1/teams/${c.teamId}`);
      const viaPage = await page.get(`/teams/${c.teamId}`);
      const want = expected[who];
      if (want === 404) {
        assert.equal(viaApi.statusCode, 404, `${who}: the API`);
        assert.equal(viaPage.statusCode, 404, `${who}: the page`);
        assert.doesNotMatch(viaPage.body, /The trialist|The volunteer/, `${who}: the page names nobody`);
        continue;
      }
      assert.equal(viaApi.statusCode, 200, `${who}: the API`);
      assert.equal(viaPage.statusCode, 200, `${who}: the page`);
      assert.deepEqual((viaApi.json().joins as { join: { id: string } }[]).map((j) => j.join.id).sort(), [...want].sort(), `${who}: the joins the API shows`);
      // Every join link the page shows is one of those joins.
      const linked = [...viaPage.body.matchAll(new RegExp(`/teams/${c.teamId}/joins/([0-9a-f-]{36})`, 'g'))].map((m) => m[1]);
      for (const id of linked) assert.ok(want.includes(id as string), `${who}: the page links only joins they may see`);
      if (who === 'member') assert.ok(!linked.includes(trialJoin.id), 'a member does not see the trialist\'s join');
    }
  });
});
