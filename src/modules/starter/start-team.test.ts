import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq, isNull } from 'drizzle-orm';
import { Client, PASSWORD, testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { run } from '../../platform/context.ts';
import { Conflict, NotAllowed } from '../../platform/errors.ts';
import { events } from '../../platform/schema.ts';
import { circleMembers, circles } from '../circles/schema.ts';
import { teams } from '../teams/schema.ts';
import { linkPerson, moveEnquiry, recordStage } from './commands/enquiries.ts';
import { startTeam } from './commands/start-team.ts';
import { starterEnquiries } from './schema.ts';
import { actorOf, beginning, enquiry, localCircle } from './test-support.ts';

describeEachDatabase('starting a team from an enquiry', (db) => {
  test('startTeam makes a team circle under the Local Circle, owned by the person, with the owner and Team Starter as members', async () => {
    const t = await testApp(db());
    const { circleId, starter, coach, supported } = await localCircle(t, PASSWORD);
    const me = actorOf(starter);
    const enquiryId = await enquiry(t, circleId, me);
    await assert.rejects(run(t, me, startTeam, { enquiryId }), Conflict, 'not at stage 5 yet');
    await run(t, me, moveEnquiry, { enquiryId, step: 'begin' });
    await run(t, me, recordStage, { enquiryId, ...beginning('no') });
    await run(t, me, moveEnquiry, { enquiryId, step: 'match' });
    await run(t, me, recordStage, { enquiryId, consentToShare: 'no' });
    await run(t, me, moveEnquiry, { enquiryId, step: 'agree-profiles' });
    await assert.rejects(run(t, me, moveEnquiry, { enquiryId, step: 'build-team' }), /Start the team first/);
    await assert.rejects(run(t, me, startTeam, { enquiryId }), /Link the person getting support first/);
    await run(t, me, linkPerson, { enquiryId, personId: supported.personId });
    await assert.rejects(run(t, actorOf(coach), startTeam, { enquiryId }), NotAllowed, 'a Coach supports; the Team Starter starts the team');

    const { teamId } = await run(t, me, startTeam, { enquiryId, aim: 'Rita starts her day her way.' });
    const [team] = await t.database.db.select().from(circles).where(eq(circles.id, teamId));
    assert.equal(team?.kind, 'team');
    assert.equal(team?.parentId, circleId);
    assert.equal(team?.ownerId, supported.personId);
    assert.equal(team?.name, "Rita's Team");
    assert.equal(team?.aim, 'Rita starts her day her way.');
    const members = await t.database.db.select().from(circleMembers).where(and(eq(circleMembers.circleId, teamId), isNull(circleMembers.leftAt)));
    assert.deepEqual(members.map((m) => [m.personId, m.participation]).sort(), [[supported.personId, 'full'], [starter.personId, 'full']].sort());
    const [row] = await t.database.db.select().from(teams).where(eq(teams.circleId, teamId));
    assert.ok(row, 'the teams row exists');
    assert.equal(row?.selfManagingAt, null);
    assert.equal((await t.database.db.select().from(starterEnquiries).where(eq(starterEnquiries.id, enquiryId)))[0]?.teamId, teamId);
    const types = (await t.database.db.select().from(events)).map((e) => e.type);
    for (const type of ['circle.created', 'circle.member-joined', 'starter.team-started']) assert.ok(types.includes(type), `emits ${type}`);
    await assert.rejects(run(t, me, startTeam, { enquiryId }), /already started/);
    await assert.rejects(run(t, me, linkPerson, { enquiryId, personId: starter.personId }), Conflict, 'the owner cannot change once the team has started');

    // On to stepping back: the Team Starter leaves only when the teams module has recorded the team as self-managing.
    for (const step of ['build-team', 'organise', 'step-back']) await run(t, me, moveEnquiry, { enquiryId, step });
    await assert.rejects(run(t, me, moveEnquiry, { enquiryId, step: 'self-managing' }), (e: unknown) => e instanceof Conflict && e.message === 'The team is not self-managing yet: essential hats are not all held');
    await t.database.db.update(teams).set({ selfManagingAt: t.clock.now(), steppedBackBy: starter.personId }).where(eq(teams.circleId, teamId));
    assert.equal((await run(t, me, moveEnquiry, { enquiryId, step: 'self-managing' })).state, 'self_managing');

    // The owner reads the enquiry that started their team, which links to it.
    const owner = new Client(t.app);
    await owner.signIn(supported.email);
    const page = await owner.get(`/enquiries/${enquiryId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`href="/teams/${teamId}"`));
    assert.doesNotMatch(page.body, /Move the enquiry/, 'the owner reads it; the Team Starter runs it');
    await t.app.close();
  });

  test('through the pages and the API: errors beside the fields with input kept, refusals explained', async () => {
    const t = await testApp(db());
    const { circleId, starter, supported } = await localCircle(t, PASSWORD);
    const c = new Client(t.app);
    await c.signIn(starter.email);
    const form = `/circles/${circleId}/enquiries/new`;
    const bad = await c.submit(form, { forName: 'Nell Newcomer', helpWanted: '', needsAndTimings: 'Evenings', postcode: 'HX1', funding: '' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="field-helpWanted-error"[^>]*>Error: Say what help is wanted/);
    assert.match(bad.body, /value="Nell Newcomer"/);
    const made = await c.submit(form, { forName: 'Nell Newcomer', helpWanted: 'Company in the evening', needsAndTimings: 'Evenings', postcode: 'HX1', funding: 'self' });
    assert.equal(made.statusCode, 303);
    const page = String(made.headers.location);
    const board = await c.get(`/circles/${circleId}/board`);
    assert.match(board.body, /Nell Newcomer/);
    assert.equal((await c.submit(page, { step: 'begin' }, `${page}/move`)).statusCode, 303);
    const refused = await c.submit(page, { step: 'match' }, `${page}/move`);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Record what beginning the relationship learned/);
    const stage = await c.submit(page, { routines: 'Tea at six', supportWanted: '' }, `${page}/stage`);
    assert.equal(stage.statusCode, 422);
    assert.match(stage.body, /Say what support they want/);
    assert.match(stage.body, /Tea at six/);
    const nobody = await c.submit(page, { email: 'nobody@example.org' }, `${page}/person`);
    assert.equal(nobody.statusCode, 422);
    assert.match(nobody.body, /invite them first/);
    // A Team Starter may not invite (only the office may), so they are told whom to ask, not sent
    // to a page that would refuse them.
    assert.doesNotMatch(nobody.body, /href="\/invitations"/);
    assert.match(nobody.body, /ask the co-op&#x27;s office to invite them first|ask the co-op's office to invite them first/);

    // The API: the same commands with a session and its CSRF header.
    const csrf = await c.csrf(page);
    const api = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': csrf } });
    const id = page.split('/').pop() as string;
    assert.equal((await api(`/api/v1/enquiries/${id}/person`, { email: supported.email })).statusCode, 200);
    assert.equal((await api(`/api/v1/enquiries/${id}/check-in`, { nextCheckIn: '2026-02-01' })).statusCode, 200);
    assert.equal((await api(`/api/v1/enquiries/${id}/move`, { step: 'organise' })).statusCode, 409);
    const created = await api(`/api/v1/circles/${circleId}/enquiries`, { forName: 'Api Person', helpWanted: 'x', needsAndTimings: 'y', postcode: 'HX2 0AA', funding: 'nhs' });
    assert.equal(created.statusCode, 201);
    const got = await c.get(`/api/v1/enquiries/${id}`);
    assert.equal(got.json().enquiry.nextCheckIn, '2026-02-01');
    assert.equal(got.json().person.id, supported.personId);
    const columns = (await c.get(`/api/v1/circles/${circleId}/enquiries`)).json().columns as { key: string; cards: { forName: string }[] }[];
    assert.deepEqual(columns.find((col) => col.key === 'interest')?.cards.map((card) => card.forName).sort(), ['Api Person', 'Nell Newcomer']);
    await t.app.close();
  });
});
