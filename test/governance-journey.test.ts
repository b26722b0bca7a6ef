import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../src/platform/context.ts';
import { addMember } from '../src/modules/circles/commands/add-member.ts';
import { createCircle } from '../src/modules/circles/commands/create-circle.ts';
import { Client, makePerson, testApp } from './support/app.ts';
import { system } from './support/circles.ts';
import { describeEachDatabase } from './support/db.ts';

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const proposalIdFrom = (location: unknown) => /\/proposals\/([0-9a-f-]{36})/.exec(String(location))?.[1] as string;

describeEachDatabase('governance through the pages', (db) => {
  test('a proposal taken through a meeting round to the logbook, searchable; a team logbook stays private', async () => {
    const t = await testApp(db());
    const [ann, bob, outsider] = [await makePerson(t), await makePerson(t), await makePerson(t)];
    const deps = { database: t.database, clock: t.clock };
    const { circleId } = await run(deps, system, createCircle, { name: 'Local', aim: 'Support', domain: 'Teams', parentId: null });
    for (const p of [ann, bob]) await run(deps, system, addMember, { circleId, personId: p.personId });

    const a = new Client(t.app);
    await a.signIn(ann.email);
    const bad = await a.submit(`/circles/${circleId}/proposals/new`, { title: '', driver: 'x', text: 'y', reviewDate: 'soon' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /A title is needed/);
    assert.match(bad.body, /Enter the review date/);

    const made = await a.submit(`/circles/${circleId}/proposals/new`, {
      title: 'Rota swaps by text', driver: 'Swaps get lost.', text: 'Post every swap in the circle chat.', reviewDate: '2027-02-01', inDomain: 'on',
    });
    assert.equal(made.statusCode, 303);
    const id = proposalIdFrom(made.headers.location);
    const page = `/proposals/${id}`;
    for (const step of ['present', 'start-clarifying', 'start-reactions']) {
      assert.equal((await a.submit(page, { step }, `${page}/step`)).statusCode, 303);
    }
    // An illegal step is a clear 409.
    assert.equal((await a.submit(page, { step: 'present' }, `${page}/step`)).statusCode, 409);
    // A round in a meeting needs the meeting open, with Bob checking in himself.
    assert.equal((await a.submit(page, { mode: 'meeting' }, `${page}/consent-round`)).statusCode, 422);
    const scheduled = await a.submit(`/circles/${circleId}`, { startsAt: '2027-01-12T18:00', place: 'The library' }, `/circles/${circleId}/meetings`);
    const meetingPage = String(scheduled.headers.location);
    assert.equal((await a.submit(meetingPage, { step: 'open' }, `${meetingPage}/step`)).statusCode, 303);
    const b = new Client(t.app);
    await b.signIn(bob.email);
    assert.equal((await b.submit(meetingPage, {}, `${meetingPage}/check-in`)).statusCode, 303);
    const meetingId = meetingPage.split('/').pop() as string;
    assert.equal((await a.submit(page, { mode: 'meeting', meetingId }, `${page}/consent-round`)).statusCode, 303);
    const objection = await a.submit(page, { personId: bob.personId, response: 'objection', reason: '' }, `${page}/responses`);
    assert.equal(objection.statusCode, 422, 'an objection without a reason is refused');
    assert.match(objection.body, /An objection needs its reason/);
    for (const p of [ann, bob]) await a.submit(page, { personId: p.personId, response: 'consent' }, `${page}/responses`);
    assert.equal((await a.submit(page, {}, `${page}/close-round`)).statusCode, 303);
    const adopted = await a.get(page);
    assert.match(adopted.body, /Adopted and written in the logbook/);

    const o = new Client(t.app);
    await o.signIn(outsider.email);
    const found = await o.get('/logbook?q=swap');
    assert.match(found.body, /Rota swaps by text/, 'any member can read and search a circle logbook');
    // An outsider cannot answer in the round or steer, through the API either.
    const tokenRes = await t.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: { cookie: [...o.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': csrfOf((await o.get('/me/tokens')).body) }, payload: { label: 'test' } });
    const token = tokenRes.json().token as string;
    const apiTry = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${id}/responses`, headers: { authorization: `Bearer ${token}` }, payload: { response: 'consent' } });
    assert.equal(apiTry.statusCode, 403);

    const { circleId: team } = await run(deps, system, createCircle, { name: "Ann's Team", kind: 'team', aim: 'Ann lives well', domain: "Ann's support", parentId: circleId, ownerId: ann.personId });
    await run(deps, system, addMember, { circleId: team, personId: ann.personId });
    const teamDraft = await a.submit(`/circles/${team}/proposals/new`, { title: 'Private team matter', driver: 'd', text: 'Secret plan.', reviewDate: '2027-01-01', inDomain: 'on' });
    const teamProposal = proposalIdFrom(teamDraft.headers.location);
    assert.equal((await o.get(`/proposals/${teamProposal}`)).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/proposals/${teamProposal}`, headers: { authorization: `Bearer ${token}` } })).statusCode, 404);
    await t.app.close();
  });
});
