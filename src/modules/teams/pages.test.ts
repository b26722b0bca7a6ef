import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { actorOf } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { teamWith } from '../../../test/support/teams.ts';
import { run } from '../../platform/context.ts';
import { createApiToken } from '../people/commands/api-tokens.ts';
import { saveProfile } from './profile.ts';

describeEachDatabase('team pages and API', (db) => {
  test('invite through the pages; bad input is shown beside the field; the invitee alone accepts', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, ownerEmail } = await teamWith(deps, 0);
    const friend = await makePerson(deps, { name: 'Friend' });
    const owner = new Client(t.app);
    await owner.signIn(ownerEmail);
    assert.match((await owner.get('/teams')).body, /Owner&#39;s Team|Owner's Team/);
    const bad = await owner.submit(`/teams/${teamId}/invite`, { email: 'nobody@example.org', supporterKind: 'friend', message: 'Hello there' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="field-email-error"[^>]*>Error: Nobody in the co-op has that email address/);
    assert.match(bad.body, /Hello there/, 'what was typed is kept');
    const ok = await owner.submit(`/teams/${teamId}/invite`, { email: friend.email, supporterKind: 'friend' });
    assert.equal(ok.statusCode, 303);
    const joinUrl = ok.headers.location as string;

    const outsider = new Client(t.app);
    await outsider.signIn((await makePerson(deps)).email);
    assert.equal((await outsider.get(joinUrl)).statusCode, 404, 'someone else cannot see the invitation');
    const csrf = await owner.csrf(`/teams/${teamId}`);
    assert.equal((await owner.post(joinUrl, { _csrf: csrf, step: 'accept' })).statusCode, 403, 'the owner cannot accept for them');

    const invitee = new Client(t.app);
    await invitee.signIn(friend.email);
    const page = await invitee.get(joinUrl);
    assert.match(page.body, /Accept: start a trial/);
    assert.equal((await invitee.post(joinUrl, { _csrf: await invitee.csrf(joinUrl), step: 'accept' })).statusCode, 303);
    assert.match((await invitee.get(joinUrl)).body, /agreed to a trial/);
    assert.match((await owner.get(joinUrl)).body, /Record the debrief: joined/);
  });

  test('a removed member loses the team page, the profile and the API at once; a request cannot be approved by its asker over the API', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, owner, ownerEmail, members } = await teamWith(deps, 1);
    const ann = members[0] as typeof owner;
    await run(deps, owner, saveProfile, { teamId, 'about.text': 'Tea, no sugar.', 'about.visibility': 'team' });
    const annPerson = { ...ann, email: '' };
    const { token } = await run(deps, annPerson, createApiToken, { label: 'phone' });
    const api = (url: string, method: 'GET' | 'POST' = 'GET', payload?: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
    assert.equal((await api(`/api/v1/teams/${teamId}/profile`)).statusCode, 200);
    assert.match((await api(`/api/v1/teams/${teamId}/profile`)).body, /Tea, no sugar/);

    const ownerClient = new Client(t.app);
    await ownerClient.signIn(ownerEmail);
    const removed = await ownerClient.post(`/teams/${teamId}/remove`, { _csrf: await ownerClient.csrf(`/teams/${teamId}`), personId: ann.personId });
    assert.equal(removed.statusCode, 303);
    assert.equal((await api(`/api/v1/teams/${teamId}/profile`)).statusCode, 404);
    assert.equal((await api(`/api/v1/teams/${teamId}`)).statusCode, 404);

    const asker = actorOf(await makePerson(deps));
    const { token: askerToken } = await run(deps, asker, createApiToken, { label: 'laptop' });
    const askerApi = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${askerToken}` }, payload });
    const asked = await askerApi(`/api/v1/teams/${teamId}/requests`, { supporterKind: 'volunteer' });
    assert.equal(asked.statusCode, 201);
    const joinId = (asked.json() as { result: { joinId: string } }).result.joinId;
    assert.equal((await askerApi(`/api/v1/team-joins/${joinId}`, { step: 'approve' })).statusCode, 403);
    assert.equal((await askerApi(`/api/v1/team-joins/${joinId}`, { step: 'join' })).statusCode, 403);
  });
});
