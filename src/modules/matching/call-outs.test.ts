import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listNotifications } from '../../platform/notify.ts';
import { run } from '../../platform/context.ts';
import { Conflict, NotAllowed, NotFound } from '../../platform/errors.ts';
import { Client, testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { draftCallOut, moveCallOut, registerInterest } from './commands/call-outs.ts';
import { addToShortlist, moveIntroduction, noteShortlistEntry } from './commands/shortlist.ts';
import { type Place, locate, milesBetween } from './places.ts';
import { roundMiles, teamMatching } from './queries.ts';
import { localWithTeam, supporter } from './test-support.ts';

describeEachDatabase('call-outs, shortlists and introductions', (db) => {
  test('a call-out opens only after the owner consents, and reaches only open supporters within their reach', async () => {
    const t = await testApp(db());
    const { teamId, starter, owner, member, as } = await localWithTeam(t);
    const nearby = await supporter(t, { postcode: 'HX2 0AA', travelMiles: '5' }, 'Nia Nearby');
    const farAway = await supporter(t, { postcode: 'LS1', travelMiles: '5' }, 'Lee Leeds');
    const notLooking = await supporter(t, { postcode: 'HX3', openToNewTeams: 'no' }, 'Nat Not Looking');

    await assert.rejects(run(t, as(member), draftCallOut, { teamId, text: 'Help wanted', postcode: 'HX3' }), NotAllowed, 'a team member does not draft call-outs');
    const { callOutId } = await run(t, as(starter), draftCallOut, { teamId, text: 'Company and a walk on Tuesday mornings.', postcode: 'hx3 6aa', skillsWanted: ['companionship'] });
    assert.match((await listNotifications(t.database.db, owner.personId))[0]?.text ?? '', /waiting for your consent/);
    await assert.rejects(run(t, as(starter), moveCallOut, { callOutId, step: 'open' }), (e: unknown) => e instanceof Conflict && /consented/.test(e.message), 'refused without the owner’s consent');
    await assert.rejects(run(t, as(starter), moveCallOut, { callOutId, step: 'consent' }), NotAllowed, 'consent is the owner’s alone');
    await assert.rejects(run(t, as(nearby), registerInterest, { callOutId }), NotFound, 'a draft is seen by nobody outside');

    const c = new Client(t.app);
    await c.signIn(nearby.email);
    assert.doesNotMatch((await c.get('/call-outs')).body, /Tuesday mornings/);
    await run(t, as(owner), moveCallOut, { callOutId, step: 'consent' });
    assert.doesNotMatch((await c.get('/call-outs')).body, /Tuesday mornings/, 'consented is not yet shared');
    await run(t, as(starter), moveCallOut, { callOutId, step: 'open' });
    await assert.rejects(run(t, as(owner), moveCallOut, { callOutId, step: 'consent' }), Conflict);

    const page = await c.get('/call-outs');
    assert.match(page.body, /Tuesday mornings/);
    const miles = roundMiles(milesBetween(locate('HX2') as Place, locate('HX3') as Place)).toFixed(1);
    assert.match(page.body, new RegExp(`HX3, ${miles.replace('.', '\\.')} miles away`));
    assert.doesNotMatch(page.body, /HX3 6AA|Owner/, 'only the area is shared, never the team or the full postcode');
    for (const who of [farAway, notLooking]) {
      const other = new Client(t.app);
      await other.signIn(who.email);
      assert.doesNotMatch((await other.get('/call-outs')).body, /Tuesday mornings/);
      assert.equal((await other.get('/api/v1/call-outs')).json().callOuts.length, 0);
      await assert.rejects(run(t, as(who), registerInterest, { callOutId }), NotFound);
    }
    const said = await c.submit('/call-outs', { message: 'I live nearby and love walking.' }, `/call-outs/${callOutId}/interest`);
    assert.equal(said.statusCode, 303);
    await assert.rejects(run(t, as(nearby), registerInterest, { callOutId }), Conflict, 'once is enough');
    assert.match((await listNotifications(t.database.db, starter.personId))[0]?.text ?? '', /Nia Nearby is interested/);
    const matching = await teamMatching(t.database.db, teamId);
    assert.deepEqual(matching.callOuts[0]?.interested.map((i) => [i.name, i.message]), [['Nia Nearby', 'I live nearby and love walking.']]);
    assert.equal(matching.callOuts[0]?.consentedBy, owner.personId);

    await run(t, as(starter), moveCallOut, { callOutId, step: 'close' });
    assert.doesNotMatch((await c.get('/call-outs')).body, /Tuesday mornings/);
    await assert.rejects(run(t, as(starter), moveCallOut, { callOutId, step: 'open' }), Conflict);
    await t.app.close();
  });

  test('the shortlist: added once, introduced, met, went well, then a link to invite; illegal steps refused', async () => {
    const t = await testApp(db());
    const { teamId, starter, owner, member, outsider, as } = await localWithTeam(t);
    const sue = await supporter(t, {}, 'Sue Supporter');
    const private_ = await supporter(t, { openToNewTeams: 'no' }, 'Pia Private');

    await assert.rejects(run(t, as(member), addToShortlist, { teamId, personId: sue.personId }), NotAllowed);
    await assert.rejects(run(t, as(outsider), addToShortlist, { teamId, personId: sue.personId }), NotAllowed);
    await assert.rejects(run(t, as(starter), addToShortlist, { teamId, personId: private_.personId }), NotFound, 'a profile the starter may not see cannot be shortlisted');
    const { entryId } = await run(t, as(starter), addToShortlist, { teamId, personId: sue.personId, note: 'Lives close by.' });
    await assert.rejects(run(t, as(owner), addToShortlist, { teamId, personId: sue.personId }), Conflict, 'once at a time');

    await assert.rejects(run(t, as(starter), moveIntroduction, { entryId, step: 'went-well' }), Conflict, 'not before meeting');
    await assert.rejects(run(t, as(starter), moveIntroduction, { entryId, step: 'meet' }), Conflict, 'not before the introduction');
    await run(t, as(starter), moveIntroduction, { entryId, step: 'introduce' });
    assert.match((await listNotifications(t.database.db, sue.personId))[0]?.text ?? '', /introduce you to Owner's Team/);
    await assert.rejects(run(t, as(starter), moveIntroduction, { entryId, step: 'remove' }), Conflict, 'once introduced, the outcome is recorded instead');
    await run(t, as(owner), moveIntroduction, { entryId, step: 'meet' });
    await run(t, as(owner), noteShortlistEntry, { entryId, note: 'Lovely first cup of tea.' });
    await run(t, as(owner), moveIntroduction, { entryId, step: 'went-well' });
    await assert.rejects(run(t, as(owner), moveIntroduction, { entryId, step: 'not-a-fit' }), Conflict);

    const c = new Client(t.app);
    await c.signIn(owner.email);
    const page = await c.get(`/matching/teams/${teamId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`href="/teams/${teamId}/invite\\?personId=${sue.personId}"`));
    assert.match(page.body, /Lovely first cup of tea/);
    const memberClient = new Client(t.app);
    await memberClient.signIn(member.email);
    assert.equal((await memberClient.get(`/matching/teams/${teamId}`)).statusCode, 403);

    // Through the JSON API: a second supporter shortlisted, found not a fit, and taken off.
    const tim = await supporter(t, {}, 'Tim Trial');
    const starterClient = new Client(t.app);
    await starterClient.signIn(starter.email);
    const csrf = await starterClient.csrf(`/matching/teams/${teamId}`);
    const api = (url: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, payload, headers: { cookie: [...starterClient.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': csrf } });
    const added = await api(`/api/v1/matching/teams/${teamId}/shortlist`, { personId: tim.personId });
    assert.equal(added.statusCode, 201, added.body);
    const timEntry = added.json().result.entryId as string;
    assert.equal((await api(`/api/v1/shortlist/${timEntry}/step`, { step: 'met' })).statusCode, 422);
    assert.equal((await api(`/api/v1/shortlist/${timEntry}/step`, { step: 'meet' })).statusCode, 409);
    for (const step of ['introduce', 'not-a-fit', 'remove']) assert.equal((await api(`/api/v1/shortlist/${timEntry}/step`, { step })).statusCode, 200);
    const listed = (await starterClient.get(`/api/v1/matching/teams/${teamId}`)).json();
    assert.deepEqual(listed.shortlist.map((s: { name: string; state: string }) => [s.name, s.state]), [['Sue Supporter', 'went_well']]);
    assert.equal((await api(`/api/v1/matching/teams/${teamId}/shortlist`, { personId: tim.personId })).statusCode, 201, 'after removal they may be added again');
    await t.app.close();
  });
});
