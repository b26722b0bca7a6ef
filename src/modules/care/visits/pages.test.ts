import assert from 'node:assert/strict';
import { test } from 'node:test';
import ICAL from 'ical.js';
import { Client, makePerson } from '../../../../test/support/app.ts';
import { actorOf } from '../../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { run } from '../../../platform/context.ts';
import { createApiToken } from '../../people/commands/api-tokens.ts';
import { bookVisit } from './book.ts';
import { cancelVisit } from './change.ts';
import { oneOff, visitTeam } from './fixture.test-support.ts';

describeEachDatabase('visit pages, API and calendar feed', (db) => {
  test('book through the form; errors shown beside the fields; the rota, the visit and My visits show it', async () => {
    const { t, teamId, pat, ownerEmail, count } = await visitTeam(db());
    const owner = new Client(t.app);
    await owner.signIn(ownerEmail);
    const form = `/teams/${teamId}/visits/new`;
    const bad = await owner.submit(form, { kind: 'paid', date: '2026-01-06', startTime: '10:00', endTime: '09:00', place: '', supporterIds: pat.personId });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="field-place-error"[^>]*>Error: Enter the address, or a call or video link/);
    assert.match(bad.body, /There is a problem/);
    assert.equal(await count('SELECT count(*)::int AS n FROM visits'), 0);
    const ok = await owner.submit(form, { kind: 'paid', date: '2026-01-06', startTime: '10:00', endTime: '11:30', place: '1 Mill Lane', supporterIds: pat.personId, repeat: 'none' });
    assert.equal(ok.statusCode, 303);
    const visitUrl = ok.headers.location as string;
    const page = await owner.get(visitUrl);
    assert.match(page.body, /Pat Paid/);
    assert.match(page.body, /Tue 6 Jan, 10:00–11:30/);
    const rota = await owner.get(`/teams/${teamId}/visits?week=2026-01-07`);
    assert.match(rota.body, /Tuesday,? 6 January 2026/);
    assert.match(rota.body, /Coming: Pat Paid/);
    assert.match(rota.body, /week=2025-12-29/, 'a link to the previous week');
    assert.match(rota.body, /week=2026-01-12/, 'a link to the next week');

    const worker = new Client(t.app);
    await worker.signIn(pat.email);
    assert.match((await worker.get('/visits')).body, /Owner&#39;s Team|Owner's Team/);
    const empty = await owner.submit(form, { kind: 'meeting', date: '2026-01-07', startTime: '18:00', endTime: '19:00', place: 'https://meet.example.org/rose' });
    assert.equal(empty.statusCode, 303);
    assert.match((await owner.get(`/teams/${teamId}/visits?week=2026-01-05`)).body, /Gap: nobody is coming yet/);

    const moved = await worker.submit(visitUrl, { date: '2026-01-06', startTime: '12:00', endTime: '11:00', reason: 'Later' }, `${visitUrl}/rearrange`);
    assert.equal(moved.statusCode, 422);
    assert.match(moved.body, /id="field-endTime-error"/);
    const cancel = await worker.submit(visitUrl, { cancelReason: '' }, `${visitUrl}/cancel`);
    assert.equal(cancel.statusCode, 422);
    assert.match(cancel.body, /id="field-cancelReason-error"[^>]*>Error: Say why the visit is cancelled/);
    assert.equal((await worker.submit(visitUrl, { cancelReason: 'Rose is away' }, `${visitUrl}/cancel`)).statusCode, 303);
    const again = await worker.submit(visitUrl, { cancelReason: 'Twice' }, `${visitUrl}/cancel`);
    assert.equal(again.statusCode, 409, 'a cancelled visit cannot be cancelled again');
    assert.match(again.body, /this visit is cancelled/);
  });

  test('without the Promise the form says so (409); outsiders get 404 from pages and API; bad API input is 422 with fields', async () => {
    const { t, deps, teamId, ownerEmail, owner, count } = await visitTeam(db(), { promise: false });
    const client = new Client(t.app);
    await client.signIn(ownerEmail);
    const refused = await client.submit(`/teams/${teamId}/visits/new`, { kind: 'paid', date: '2026-01-06', startTime: '10:00', endTime: '11:00', place: 'Home' });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /class="error-summary"[\s\S]*accepted the Getting Support Promise/);
    assert.equal(await count(`SELECT count(*)::int AS n FROM visits WHERE team_id = '${teamId}'`), 0);

    const { token: ownerToken } = await run(deps, owner, createApiToken, { label: 'phone' });
    const api = (token: string, method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
    assert.equal((await api(ownerToken, 'POST', `/api/v1/teams/${teamId}/visits`, oneOff(teamId, []))).statusCode, 409);

    const other = await visitTeam(db());
    const { visitId } = await run(other.deps, other.owner, bookVisit, oneOff(other.teamId, [other.pat.personId]));
    for (const stranger of [actorOf(await makePerson(deps)), { ...actorOf(await makePerson(deps, { admin: true })), isAdmin: true }]) {
      const { token } = await run(deps, stranger, createApiToken, { label: 'x' });
      assert.equal((await api(token, 'GET', `/api/v1/visits/${visitId}`)).statusCode, 404);
      assert.equal((await api(token, 'GET', `/api/v1/teams/${other.teamId}/visits`)).statusCode, 404);
      assert.equal((await api(token, 'POST', `/api/v1/teams/${other.teamId}/visits`, oneOff(other.teamId, []))).statusCode, 404);
      assert.equal((await api(token, 'POST', `/api/v1/visits/${visitId}/cancel`, { reason: 'No' })).statusCode, 404);
    }
    const outsider = new Client(t.app);
    await outsider.signIn((await makePerson(deps)).email);
    assert.equal((await outsider.get(`/visits/${visitId}`)).statusCode, 404);
    assert.equal((await outsider.get(`/teams/${other.teamId}/visits`)).statusCode, 404);

    const { token } = await run(other.deps, other.owner, createApiToken, { label: 'y' });
    const before = await count('SELECT count(*)::int AS n FROM visits');
    const bad = await api(token, 'POST', `/api/v1/teams/${other.teamId}/visits`, { kind: 'paid', date: 'soon', startTime: '10', endTime: '11:00', place: 'Home', supporterIds: [other.val.personId] });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(Object.keys((bad.json() as { error: { fields: object } }).error.fields).sort(), ['date', 'startTime']);
    const volunteer = await api(token, 'POST', `/api/v1/teams/${other.teamId}/visits`, oneOff(other.teamId, [other.val.personId]));
    assert.equal(volunteer.statusCode, 422);
    assert.equal(await count('SELECT count(*)::int AS n FROM visits'), before);
    const booked = await api(token, 'POST', `/api/v1/teams/${other.teamId}/visits`, oneOff(other.teamId, [other.pat.personId], { date: '2026-01-09' }));
    assert.equal(booked.statusCode, 201);
    const id = (booked.json() as { result: { visitId: string } }).result.visitId;
    assert.equal((await api(token, 'POST', `/api/v1/visits/${id}/rearrange`, { date: '2026-01-09', startTime: '12:00', endTime: '13:00', reason: 'Later' })).statusCode, 200);
    const week = (await api(token, 'GET', `/api/v1/teams/${other.teamId}/visits?week=2026-01-09`)).json() as { visits: { id: string; startsAt: string }[] };
    assert.equal(week.visits.find((v) => v.id === id)?.startsAt, '2026-01-09T12:00:00.000Z');
  });

  test('the calendar feed is valid iCalendar with the person’s visits; revoking or replacing the address makes the old one 404 at once', async () => {
    const { t, deps, teamId, owner, pat } = await visitTeam(db());
    const { visitId: kept } = await run(deps, owner, bookVisit, oneOff(teamId, [pat.personId], { notes: 'Secret care detail' }));
    const { visitId: dropped } = await run(deps, owner, bookVisit, oneOff(teamId, [pat.personId], { date: '2026-07-07', startTime: '09:30', endTime: '10:15' }));
    await run(deps, owner, bookVisit, oneOff(teamId, [], { date: '2026-01-08' }));
    await run(deps, owner, cancelVisit, { visitId: dropped, reason: 'Holiday' });
    t.clock.set(new Date('2026-06-01T09:00:00Z'));
    const worker = new Client(t.app);
    await worker.signIn(pat.email);
    const made = await worker.submit('/visits/calendar', {});
    assert.equal(made.statusCode, 201);
    const url = /<code>([^<]+)<\/code>/.exec(made.body)?.[1] as string;
    assert.match(url, /^http:\/\/localhost:3000\/calendar\/[\w-]{43}\.ics$/);
    const path = new URL(url).pathname;
    const feed = await t.app.inject({ method: 'GET', url: path });
    assert.equal(feed.statusCode, 200);
    assert.equal(feed.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.ok(!feed.body.includes('Secret care detail') && !feed.body.includes('Holiday'));
    const events = new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    assert.deepEqual(events.map((e) => e.uid), [`visit-${dropped}@localhost`], 'only the visits in the window: 30 days back to the horizon, and only Pat’s');
    const [event] = events as [ICAL.Event];
    assert.equal(event.summary, "Visit: Owner's Team");
    assert.equal(event.location, '1 Mill Lane, Halifax');
    assert.equal(event.startDate.toJSDate().toISOString(), '2026-07-07T08:30:00.000Z');
    assert.equal(event.endDate.toJSDate().toISOString(), '2026-07-07T09:15:00.000Z');
    assert.equal(event.component.getFirstPropertyValue('status'), 'CANCELLED');
    t.clock.set(new Date('2026-01-06T12:00:00Z'));
    const january = new ICAL.Component(ICAL.parse((await t.app.inject({ method: 'GET', url: path })).body)).getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    assert.deepEqual(january.map((e) => e.uid), [`visit-${kept}@localhost`], 'the same UID every time; not visits Pat is not on');
    assert.equal(january[0]?.component.getFirstPropertyValue('status'), 'CONFIRMED');

    const remade = await worker.submit('/visits/calendar', {});
    const newPath = new URL(/<code>([^<]+)<\/code>/.exec(remade.body)?.[1] as string).pathname;
    assert.equal((await t.app.inject({ method: 'GET', url: path })).statusCode, 404, 'a new address revokes the old');
    assert.equal((await t.app.inject({ method: 'GET', url: newPath })).statusCode, 200);
    assert.equal((await worker.submit('/visits/calendar', {}, '/visits/calendar/revoke')).statusCode, 303);
    assert.equal((await t.app.inject({ method: 'GET', url: newPath })).statusCode, 404, 'revoked at once');
    assert.equal((await t.app.inject({ method: 'GET', url: '/calendar/not-a-real-token.ics' })).statusCode, 404);

    const { token } = await run(deps, pat, createApiToken, { label: 'cal' });
    const viaApi = await t.app.inject({ method: 'POST', url: '/api/v1/calendar-feed', headers: { authorization: `Bearer ${token}` }, payload: {} });
    assert.equal(viaApi.statusCode, 201);
    const apiPath = new URL((viaApi.json() as { url: string }).url).pathname;
    assert.equal((await t.app.inject({ method: 'GET', url: apiPath })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar-feed', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: apiPath })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar-feed', headers: { authorization: `Bearer ${token}` } })).statusCode, 409);
  });
});
