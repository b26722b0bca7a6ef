// The behaviour table for a team's membership, leaving and hats, over every actor and every path
// (page GET, page POST, API): only the team's own flows change who is in; everyone else is
// refused, nothing changes and nothing of the team is shown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq, isNull } from 'drizzle-orm';
import { makePerson, testApp } from '../../../test/support/app.ts';
import { actorOf, system } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { run } from '../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../platform/errors.ts';
import { addMember } from '../circles/commands/add-member.ts';
import { assignHat } from '../circles/commands/assign-hat.ts';
import { createCircle } from '../circles/commands/create-circle.ts';
import { circleHats, circleMembership } from '../circles/queries.ts';
import { circleMembers, hatDefinitions } from '../circles/schema.ts';
import { teamJoins } from './schema.ts';
import { type TableActor, inTeam, tableActors, teamCast } from './test-support.ts';

describeEachDatabase('team membership through every path', (db) => {
  test('nobody adds anyone to a team by the generic circle paths, an admin included; the form page is refused as its POST', async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    const newcomer = await makePerson(c.deps, { name: 'Newcomer' });
    const members = async () => (await circleMembership(t.database.db, c.teamId, t.clock.now())).map((m) => m.personId).sort();
    const before = await members();
    for (const who of tableActors) {
      const { page, csrf, api } = c.clients[who];
      const expected = inTeam.includes(who) ? 403 : 404;
      const form = await page.get(`/circles/${c.teamId}/members`);
      assert.equal(form.statusCode, expected, `${who}: the form page`);
      assert.doesNotMatch(form.body, /Add a member to|\bOlu\b/, `${who}: the form page names nothing`);
      const posted = await page.post(`/circles/${c.teamId}/members`, { _csrf: csrf, email: newcomer.email, participation: 'guest' });
      assert.equal(posted.statusCode, expected, `${who}: the page POST`);
      assert.doesNotMatch(posted.body, /\bOlu\b/, `${who}: the refusal names nothing`);
      for (const email of [newcomer.email, c.people[who].email]) {
        const viaApi = await api('POST', `/api/v1/circles/${c.teamId}/members`, { email, participation: 'guest' });
        assert.equal(viaApi.statusCode, expected, `${who}: the API`);
        if (expected === 403) assert.match(viaApi.body, /invitation or by asking to join/, `${who}: the refusal points to the team's own flow`);
      }
      await assert.rejects(run(c.deps, c.as[who], addMember, { circleId: c.teamId, personId: c.as[who].personId }), expected === 403 ? NotAllowed : NotFound);
    }
    assert.deepEqual(await members(), before, 'nobody joined');
  });

  test("leaving a team by the generic route is leaving well: hats handed over first, a farewell; the owner stays; others are not members", async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    const member = (id: string) => circleMembership(t.database.db, c.teamId, t.clock.now()).then((m) => m.some((x) => x.personId === id));
    const expect: Record<string, number> = { owner: 409, advocate: 422, member: 409, volunteer: 422, trial: 404, removed: 404, admin: 404, leader: 404, outsider: 404 };
    for (const who of tableActors) {
      const { page, csrf, api } = c.clients[who];
      const viaApi = await api('POST', `/api/v1/circles/${c.teamId}/leave`, {});
      assert.equal(viaApi.statusCode, expect[who], `${who}: the API`);
      const viaPage = await page.post(`/circles/${c.teamId}/leave`, { _csrf: csrf });
      assert.equal(viaPage.statusCode, expect[who], `${who}: the page`);
    }
    assert.match((await c.clients.member.api('POST', `/api/v1/circles/${c.teamId}/leave`, { farewell: 'Bye' })).body, /hats in this team must be handed/);
    assert.ok(await member(c.people.member.personId), 'the MAR and Rota Holder is still in the team');
    const held = (await circleHats(t.database.db, c.teamId, t.clock.now())).filter((h) => h.holders.some((x) => x.personId === c.people.member.personId));
    assert.equal(held.length, 2);
    assert.equal((await c.clients.volunteer.api('POST', `/api/v1/circles/${c.teamId}/leave`, { farewell: 'Thank you all.' })).statusCode, 204);
    assert.ok(!(await member(c.people.volunteer.personId)), 'the volunteer has left, well');
    assert.equal((await c.clients.volunteer.page.get(`/teams/${c.teamId}`)).statusCode, 404);
  });

  test("a team's hats: defined only by its own people, never handed out directly, never a way in", async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    const hatCount = async () => (await t.database.db.select().from(hatDefinitions).where(eq(hatDefinitions.circleId, c.teamId))).length;
    const before = await hatCount();
    const fields = { name: 'Gardener', kind: 'team', purpose: 'Keeps the garden.', responsibilities: 'Mows', termMonths: '12', reviewMonths: '6' };
    for (const who of tableActors) {
      const { page, csrf, api } = c.clients[who];
      const form = await page.get(`/circles/${c.teamId}/hats/new`);
      if (inTeam.includes(who)) {
        assert.equal(form.statusCode, 200, `${who}: the team names its hats`);
        continue;
      }
      assert.equal(form.statusCode, 404, `${who}: the form page`);
      assert.doesNotMatch(form.body, /Define a hat in|\bOlu\b/);
      assert.equal((await page.post(`/circles/${c.teamId}/hats/new`, { _csrf: csrf, ...fields })).statusCode, 404, `${who}: the page POST`);
      assert.equal((await api('POST', `/api/v1/circles/${c.teamId}/hats`, { ...fields, termMonths: 12, reviewMonths: 6 })).statusCode, 404, `${who}: the API`);
    }
    assert.equal(await hatCount(), before, 'no hat was defined by anyone outside the team');
    const rota = (await circleHats(t.database.db, c.teamId, t.clock.now())).find((h) => h.name === 'Rota Holder');
    // An admin (as a person) never hands out a team's hat; outside the team it does not exist.
    await assert.rejects(run(c.deps, c.as.admin, assignHat, { hatId: rota?.id as string, personId: c.people.admin.personId }), NotFound);
    // Even a selection (the system) cannot give a team hat to someone outside the team.
    for (const who of ['outsider', 'removed', 'trial', 'admin'] as const) {
      await assert.rejects(run(c.deps, system, assignHat, { hatId: rota?.id as string, personId: c.people[who].personId }), (e: unknown) => e instanceof Invalid && /never a way into a team/.test(e.fields.personId ?? ''), who);
    }
    const open = await t.database.db.select().from(circleMembers).where(and(eq(circleMembers.circleId, c.teamId), isNull(circleMembers.leftAt)));
    assert.ok(!open.some((m) => [c.people.admin.personId, c.people.outsider.personId].includes(m.personId)));
  });

  test("a new sub-circle is peopled by its Leader and its full participants; an admin only founds circles", async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const [leader, admin, first, second, stranger] = [await makePerson(deps), await makePerson(deps, { admin: true }), await makePerson(deps), await makePerson(deps), await makePerson(deps)];
    const { circleId: top } = await run(deps, system, createCircle, { name: 'Purpose', aim: 'a', domain: 'd' });
    const { circleId: sub } = await run(deps, system, createCircle, { name: 'Kirklees', aim: 'a', domain: 'd', parentId: top });
    const adminActor = { ...actorOf(admin), isAdmin: true };
    await assert.rejects(run(deps, adminActor, addMember, { circleId: sub, personId: first.personId }), NotAllowed, 'an admin does not people a sub-circle');
    await assert.rejects(run(deps, actorOf(stranger), addMember, { circleId: sub, personId: first.personId }), NotAllowed);
    const leaderHat = (await circleHats(t.database.db, sub, t.clock.now())).find((h) => h.role === 'leader');
    const tomorrow = new Date(t.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    const { assignmentId } = await run(deps, system, assignHat, { hatId: leaderHat?.id as string, personId: stranger.personId, termStart: tomorrow });
    assert.ok(assignmentId);
    await assert.rejects(run(deps, actorOf(stranger), addMember, { circleId: sub, personId: first.personId }), NotAllowed, 'a Leader whose term has not begun');
    await run(deps, system, assignHat, { hatId: leaderHat?.id as string, personId: leader.personId });
    await run(deps, actorOf(leader), addMember, { circleId: sub, personId: first.personId });
    await run(deps, actorOf(first), addMember, { circleId: sub, personId: second.personId, participation: 'guest' });
    await assert.rejects(run(deps, actorOf(second), addMember, { circleId: sub, personId: stranger.personId }), NotAllowed, 'a guest does not add people');
    await run(deps, adminActor, addMember, { circleId: top, personId: first.personId });
    const inSub = (await circleMembership(t.database.db, sub, t.clock.now())).map((m) => m.personId);
    assert.deepEqual(new Set(inSub), new Set([first.personId, second.personId]));
  });

  test("a removed member, a past trialist and anyone outside see nothing of the team's summary; someone on trial sees only their own join", async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    const joinOf = async (who: 'removed' | 'trial') => (await t.database.db.select().from(teamJoins).where(and(eq(teamJoins.teamId, c.teamId), eq(teamJoins.personId, c.people[who].personId))))[0]?.id as string;
    const removedJoin = await joinOf('removed');
    for (const who of tableActors) {
      const { page, api } = c.clients[who];
      const summary = await page.get(`/teams/${c.teamId}`);
      const viaApi = await api('GET', `/api/v1/teams/${c.teamId}`);
      if (inTeam.includes(who)) {
        assert.equal(summary.statusCode, 200, who);
        assert.equal(viaApi.statusCode, 200, who);
        continue;
      }
      if (who === 'trial') {
        assert.equal(summary.statusCode, 200);
        assert.doesNotMatch(summary.body, /Who is in the team|The owner|The removed/);
        const body = viaApi.json() as Record<string, unknown>;
        assert.deepEqual(Object.keys(body).sort(), ['joins', 'team']);
        assert.deepEqual(Object.keys(body.team as object).sort(), ['id', 'name']);
        continue;
      }
      assert.equal(summary.statusCode, 404, `${who}: the page`);
      assert.doesNotMatch(summary.body, /\bOlu\b|joined the team/, `${who}: the page`);
      assert.equal(viaApi.statusCode, 404, `${who}: the API`);
      assert.doesNotMatch(viaApi.body, new RegExp(`${c.people.owner.personId}|\\bOlu\\b|Promise`), `${who}: the API`);
      const join = await page.get(`/teams/${c.teamId}/joins/${removedJoin}`);
      assert.equal(join.statusCode, 404, `${who}: the old join`);
      assert.doesNotMatch(join.body, /joined the team after the trial/);
    }
  });

  test('every team and care form page is refused as its POST would be, naming nothing', async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    // [page, who may open it]; the others in the team get 403, everyone else 404, and no name.
    const pages: [string, TableActor[]][] = [
      [`/teams/${c.teamId}/invite`, ['owner', 'advocate']],
      [`/teams/${c.teamId}/leave`, ['advocate', 'member', 'volunteer']],
      // A person on a paid trial proposes their trial rate and logs their support (DOMAIN.md 4).
      [`/teams/${c.teamId}/money/rates`, ['owner', 'advocate', 'member', 'trial']],
      [`/teams/${c.teamId}/money/expenses`, ['member']],
      [`/teams/${c.teamId}/care-logs/new`, ['owner', 'advocate', 'member', 'volunteer', 'trial']],
      [`/teams/${c.teamId}/profile/edit`, ['owner', 'advocate']],
      [`/circles/${c.teamId}/members`, []],
    ];
    for (const [url, may] of pages) {
      for (const who of tableActors) {
        const res = await c.clients[who].page.get(url);
        const expected = may.includes(who) ? 200 : inTeam.includes(who) ? 403 : 404;
        assert.equal(res.statusCode, expected, `${who}: ${url}`);
        if (expected !== 200) assert.doesNotMatch(res.body, /\bOlu\b/, `${who}: ${url} names nothing`);
      }
    }
  });
});
