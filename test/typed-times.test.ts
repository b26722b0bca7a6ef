// Every path that takes a time a person types reads it on the co-op's clock (TIME_ZONE,
// Europe/London here), stores the right instant and shows it back as typed, on both sides of
// the spring and autumn changes and in summer and winter; a time in the spring gap is refused
// with a message naming the gap, on the field, and writes nothing; a start and end across the
// autumn overlap last what the wall clock showed. Issues 16 (class 8) and 17 (class 7).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { Client, testApp } from './support/app.ts';
import { actorOf, circleWith, system } from './support/circles.ts';
import { describeEachDatabase } from './support/db.ts';
import { meetings } from '../src/modules/circles/meetings/schema.ts';
import { advanceProposal } from '../src/modules/decisions/commands/advance-proposal.ts';
import { draftProposal } from '../src/modules/decisions/commands/draft-proposal.ts';
import { proposals } from '../src/modules/decisions/schema.ts';
import { scheduleGeneralMeeting } from '../src/modules/membership/commands/general-meetings.ts';
import { generalMeetings } from '../src/modules/membership/schema.ts';
import { createApiToken } from '../src/modules/people/commands/api-tokens.ts';
import { careLogs, visits } from '../src/modules/care/schema.ts';
import { bookVisit } from '../src/modules/care/visits/book.ts';
import { oneOff, visitTeam } from '../src/modules/care/visits/fixture.test-support.ts';
import { addCareLog } from '../src/modules/care/logs/add-log.ts';
import { logTeam } from '../src/modules/care/logs/test-support.ts';
import { readMar } from '../src/modules/care/medication/chart.ts';
import { addMedicine, recordDose } from '../src/modules/care/medication/commands.ts';
import { careTeam } from '../src/modules/care/records/test-support.ts';
import type { Actor } from '../src/platform/authz.ts';
import { run } from '../src/platform/context.ts';
import { Invalid } from '../src/platform/errors.ts';
import { notifications } from '../src/platform/schema.ts';
import { setCoOpTimeZone, toLocalInput, wallClock } from '../src/platform/zoned-time.ts';

/** A wall-clock time typed in Europe/London and the instant it names. */
const cases = [
  { what: 'winter (January)', date: '2026-01-20', time: '12:00', utc: '2026-01-20T12:00:00.000Z' },
  { what: 'summer (July)', date: '2026-07-14', time: '12:00', utc: '2026-07-14T11:00:00.000Z' },
  { what: 'the day before the spring change', date: '2026-03-28', time: '18:00', utc: '2026-03-28T18:00:00.000Z' },
  { what: 'the spring night, before the gap', date: '2026-03-29', time: '00:30', utc: '2026-03-29T00:30:00.000Z' },
  { what: 'the spring night, after the gap', date: '2026-03-29', time: '02:30', utc: '2026-03-29T01:30:00.000Z' },
  { what: 'the spring day, evening', date: '2026-03-29', time: '18:00', utc: '2026-03-29T17:00:00.000Z' },
  { what: 'the day before the autumn change', date: '2026-10-24', time: '18:00', utc: '2026-10-24T17:00:00.000Z' },
  { what: 'the autumn night, the repeated hour (the first)', date: '2026-10-25', time: '01:30', utc: '2026-10-25T00:30:00.000Z' },
  { what: 'the autumn night, after the repeated hour', date: '2026-10-25', time: '02:30', utc: '2026-10-25T02:30:00.000Z' },
  { what: 'the autumn day, evening', date: '2026-10-25', time: '18:00', utc: '2026-10-25T18:00:00.000Z' },
] as const;
const GAP = { date: '2026-03-29', time: '01:30', message: '01:30 does not exist on 29 March 2026: the clocks go forward from 01:00 to 02:00' };
const local = (c: { date: string; time: string }) => `${c.date}T${c.time}`;
/** "14 Jul 2026, 12:00": how the pages print a date and time (formatDateTime, en-GB medium/short). */
const printed = (c: { date: string; time: string }) => {
  const d = new Date(`${c.date}T12:00:00Z`);
  return `${d.getUTCDate()} ${d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${d.getUTCFullYear()}, ${c.time}`;
};
const refusedWith = (field: string, message: string) => (e: unknown) => e instanceof Invalid && e.fields[field] === message;

describeEachDatabase('times typed into forms and the API are read in the co-op zone', (db) => {
  test('circle meeting (page form and API): stored as the instant, listed as typed; the spring gap refused on the field', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId, people } = await circleWith(deps, ['full', 'full']);
    const ann = people[0] as (typeof people)[number];
    const c = new Client(t.app);
    await c.signIn(ann.email);
    const token = (await run(deps, actorOf(ann), createApiToken, { label: 'times' })).token;
    for (const [i, when] of cases.entries()) {
      const res = i % 2 === 0
        ? await c.submit(`/circles/${circleId}/meetings`, { startsAt: local(when), place: `Room ${i}` })
        : await t.app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/meetings`, headers: { authorization: `Bearer ${token}` }, payload: { startsAt: local(when), place: `Room ${i}` } });
      assert.ok([201, 303].includes(res.statusCode), `${when.what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      const [m] = await t.database.db.select().from(meetings).where(eq(meetings.place, `Room ${i}`));
      assert.equal(m?.startsAt.toISOString(), when.utc, when.what);
    }
    const list = (await c.get(`/circles/${circleId}/meetings`)).body;
    for (const when of cases) assert.ok(list.includes(printed(when)), `the list shows ${printed(when)} (${when.what})`);
    const told = await t.database.db.select().from(notifications).where(eq(notifications.personId, people[1]!.personId));
    assert.ok(told.some((n) => n.text.includes('Tue, 14 Jul 2026, 12:00 BST')), 'the notice gives the local time and zone');

    const before = (await t.database.db.select().from(meetings)).length;
    const gap = await c.submit(`/circles/${circleId}/meetings`, { startsAt: local(GAP), place: 'Gap' });
    assert.equal(gap.statusCode, 422);
    assert.ok(gap.body.includes(GAP.message), 'the page names the gap');
    const api = await t.app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/meetings`, headers: { authorization: `Bearer ${token}` }, payload: { startsAt: local(GAP), place: 'Gap' } });
    assert.equal(api.statusCode, 422);
    assert.ok(api.body.includes(GAP.message));
    assert.equal((await t.database.db.select().from(meetings)).length, before, 'nothing written');
  });

  test('consent-round deadline (API): stored as the instant, the notice and page show it as typed; the gap refused', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId, people } = await circleWith(deps, ['full', 'full']);
    const author = actorOf(people[0]!);
    const token = (await run(deps, author, createApiToken, { label: 'times' })).token;
    const reader = new Client(t.app);
    await reader.signIn(people[1]!.email);
    for (const when of cases) {
      const { proposalId } = await run(deps, author, draftProposal, { circleId, title: `By ${when.what}`, driver: 'We need to decide.', text: 'Do the thing.', reviewDate: '2027-06-01' });
      for (const step of ['present', 'start-clarifying', 'start-reactions'] as const) await run(deps, author, advanceProposal, { proposalId, step });
      const post = (deadline: string) => t.app.inject({ method: 'POST', url: `/api/v1/proposals/${proposalId}/consent-round`, headers: { authorization: `Bearer ${token}` }, payload: { mode: 'online', deadline } });
      if (when === cases[0]) {
        const author = new Client(t.app);
        await author.signIn(people[0]!.email);
        const form = await author.submit(`/proposals/${proposalId}`, { mode: 'online', deadline: local(GAP) }, `/proposals/${proposalId}/consent-round`);
        assert.equal(form.statusCode, 422, form.body.slice(0, 300));
        assert.ok(form.body.includes(GAP.message), 'the proposal page names the gap');
        const gap = await post(local(GAP));
        assert.equal(gap.statusCode, 422);
        assert.equal((JSON.parse(gap.body) as { error: { fields?: Record<string, string> } }).error.fields?.deadline, GAP.message, gap.body);
        const [p] = await t.database.db.select().from(proposals).where(eq(proposals.id, proposalId));
        assert.equal(p?.state, 'reactions', 'nothing changed');
      }
      const res = await post(local(when));
      assert.ok(res.statusCode < 300, `${when.what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      const [p] = await t.database.db.select().from(proposals).where(eq(proposals.id, proposalId));
      assert.equal(p?.deadline?.toISOString(), when.utc, when.what);
      const shown = await reader.get(`/proposals/${proposalId}`);
      assert.ok(shown.body.includes(printed(when)), `the proposal page shows ${printed(when)}: ${shown.statusCode} ${/answers due by[^<]*/.exec(shown.body)?.[0] ?? shown.body.slice(0, 300)}`);
    }
    const told = await t.database.db.select().from(notifications).where(eq(notifications.personId, people[1]!.personId));
    assert.ok(told.some((n) => /needed by Tue, 14 Jul 2026, 12:00 BST/.test(n.text)), 'the notice is in local time');
    assert.ok(!told.some((n) => /UTC/.test(n.text)));
  });

  test('general meeting: stored as the instant, the notice gives it as typed; the gap refused', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    for (const when of cases) {
      const { meetingId } = await run(deps, system, scheduleGeneralMeeting, { kind: 'members', title: when.what, startsAt: local(when), place: 'Halifax' });
      const [m] = await t.database.db.select().from(generalMeetings).where(eq(generalMeetings.id, meetingId));
      assert.equal(m?.startsAt.toISOString(), when.utc, when.what);
      assert.equal(toLocalInput(m!.startsAt), local(when), 'shown back as typed');
    }
    const count = (await t.database.db.select().from(generalMeetings)).length;
    await assert.rejects(run(deps, system, scheduleGeneralMeeting, { kind: 'members', title: 'Gap', startsAt: local(GAP), place: 'Halifax' }), refusedWith('startsAt', GAP.message));
    assert.equal((await t.database.db.select().from(generalMeetings)).length, count);
  });

  test('visit start and end: stored as instants, shown as typed; the gap refused on its field; the autumn overlap lasts what the clock shows', async () => {
    const { t, deps, teamId, owner, ownerEmail, pat } = await visitTeam(db());
    for (const when of cases) {
      // An hour later on the clock, except on the spring night before the gap (01:30 does not exist).
      const end = { date: when.date, time: when.date === GAP.date && when.time === '00:30' ? '00:55' : `${String(Number(when.time.slice(0, 2)) + 1).padStart(2, '0')}${when.time.slice(2)}` };
      const { visitId } = await run(deps, owner, bookVisit, oneOff(teamId, [pat.personId], { date: when.date, startTime: when.time, endTime: end.time }));
      const [v] = await deps.database.db.select().from(visits).where(eq(visits.id, visitId!));
      // Typed with its end, the autumn 01:30 is the second one: 01:30 to 02:30 is one hour (typedRange).
      assert.equal(v?.startsAt.toISOString(), when.date === '2026-10-25' && when.time === '01:30' ? '2026-10-25T01:30:00.000Z' : when.utc, when.what);
      assert.deepEqual([wallClock(v!.startsAt).time, wallClock(v!.endsAt).time], [when.time, end.time], 'shown as typed');
      const minutes = (v!.endsAt.getTime() - v!.startsAt.getTime()) / 60_000;
      assert.equal(minutes, end.time === '00:55' ? 25 : 60, `${when.what}: ${minutes} minutes (the autumn 01:30 to 02:30 is one hour)`);
    }
    const count = (await deps.database.db.select().from(visits)).length;
    await assert.rejects(run(deps, owner, bookVisit, oneOff(teamId, [pat.personId], { date: GAP.date, startTime: GAP.time, endTime: '03:00' })), refusedWith('startTime', GAP.message));
    await assert.rejects(run(deps, owner, bookVisit, oneOff(teamId, [pat.personId], { date: GAP.date, startTime: '00:15', endTime: GAP.time })), refusedWith('endTime', GAP.message));
    const c = new Client(t.app);
    await c.signIn(ownerEmail);
    const form = await c.submit(`/teams/${teamId}/visits/new`, { kind: 'paid', date: GAP.date, startTime: GAP.time, endTime: '03:00', place: 'Home', supporterIds: pat.personId, repeat: 'none' });
    assert.equal(form.statusCode, 422);
    assert.ok(form.body.includes(GAP.message), 'the booking form names the gap');
    const summer = await c.submit(`/teams/${teamId}/visits/new`, { kind: 'paid', date: '2026-07-21', startTime: '09:15', endTime: '10:15', place: 'Home', supporterIds: pat.personId, repeat: 'none' });
    assert.equal(summer.statusCode, 303, summer.body.slice(0, 300));
    const [booked] = await deps.database.db.select().from(visits).where(eq(visits.id, String(summer.headers.location).split('/').pop()!));
    assert.equal(booked?.startsAt.toISOString(), '2026-07-21T08:15:00.000Z');
    assert.ok((await c.get(String(summer.headers.location))).body.includes('09:15'), 'the visit page shows 09:15');
    assert.equal((await deps.database.db.select().from(visits)).length, count + 1, 'the gap wrote nothing');
  });

  test('care log start and end (API and page): the autumn 01:30 to 02:30 is one hour; the spring 01:30 is refused naming the gap', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    t.clock.set(new Date('2026-12-01T09:00:00Z'));
    const team = await logTeam(deps);
    const volunteer = team.actors.volunteer as Actor;
    const token = (await run(deps, volunteer, createApiToken, { label: 'times' })).token;
    const post = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/teams/${team.teamId}/care-logs`, headers: { authorization: `Bearer ${token}` }, payload: { activity: 'Company', ...payload } });
    const logs = [
      { what: 'winter', start: '2026-01-20T10:00', end: '2026-01-20T11:30', utc: '2026-01-20T10:00:00.000Z', minutes: 90 },
      { what: 'summer', start: '2026-07-14T10:00', end: '2026-07-14T11:30', utc: '2026-07-14T09:00:00.000Z', minutes: 90 },
      { what: 'the night before the spring change', start: '2026-03-28T22:00', end: '2026-03-28T23:00', utc: '2026-03-28T22:00:00.000Z', minutes: 60 },
      { what: 'across the spring gap (two and a half hours on the clock, one and a half lived)', start: '2026-03-29T00:30', end: '2026-03-29T03:00', utc: '2026-03-29T00:30:00.000Z', minutes: 90 },
      { what: 'the spring day', start: '2026-03-29T10:00', end: '2026-03-29T11:00', utc: '2026-03-29T09:00:00.000Z', minutes: 60 },
      { what: 'the day before the autumn change', start: '2026-10-24T10:00', end: '2026-10-24T11:00', utc: '2026-10-24T09:00:00.000Z', minutes: 60 },
      { what: 'autumn 01:30 to 02:30: one hour', start: '2026-10-25T01:30', end: '2026-10-25T02:30', utc: '2026-10-25T01:30:00.000Z', minutes: 60 },
      { what: 'autumn 00:15 to 01:15: one hour', start: '2026-10-25T00:15', end: '2026-10-25T01:15', utc: '2026-10-24T23:15:00.000Z', minutes: 60 },
      { what: 'the autumn day', start: '2026-10-25T10:00', end: '2026-10-25T11:00', utc: '2026-10-25T10:00:00.000Z', minutes: 60 },
    ];
    const page = new Client(t.app);
    await page.signIn(team.cast.volunteer.email);
    for (const [i, l] of logs.entries()) {
      const res = i % 2 === 0 ? await post({ startsAt: l.start, endsAt: l.end }) : null;
      const logId = res ? (JSON.parse(res.body) as { logId: string }).logId : (await run(deps, volunteer, addCareLog, { teamId: team.teamId, startsAt: l.start, endsAt: l.end, activity: 'Company' })).logId;
      assert.ok(logId, `${l.what}: ${res?.body}`);
      const [row] = await t.database.db.select().from(careLogs).where(eq(careLogs.id, logId));
      assert.equal(row?.startsAt.toISOString(), l.utc, l.what);
      assert.equal(row?.minutes, l.minutes, l.what);
      const shown = (await page.get(`/care-logs/${logId}`)).body;
      assert.ok(shown.includes(`value="${l.start}"`) && shown.includes(`value="${l.end}"`), `the adjust form is filled with the times as typed (${l.what})`);
    }
    const count = (await t.database.db.select().from(careLogs)).length;
    const gapStart = await post({ startsAt: '2026-03-29T01:30', endsAt: '2026-03-29T02:30' });
    assert.equal(gapStart.statusCode, 422);
    assert.ok(gapStart.body.includes(GAP.message), gapStart.body);
    assert.doesNotMatch(gapStart.body, /end must be after the start/);
    await assert.rejects(run(deps, volunteer, addCareLog, { teamId: team.teamId, startsAt: '2026-03-29T00:10', endsAt: '2026-03-29T01:30', activity: 'x' }), refusedWith('endsAt', GAP.message));
    const form = await page.submit(`/teams/${team.teamId}/care-logs/new`, { startsAt: '2026-03-29T01:30', endsAt: '2026-03-29T02:30', activity: 'Company' });
    assert.equal(form.statusCode, 422);
    assert.ok(form.body.includes(GAP.message), 'the form shows the gap next to the field');
    assert.equal((await t.database.db.select().from(careLogs)).length, count, 'nothing written');
    // The exact other hour can be given with its offset (the API): 01:30 BST to 02:30 GMT is two hours.
    const exact = await post({ startsAt: '2026-10-25T01:30+01:00', endsAt: '2026-10-25T02:30+00:00', activity: 'Night sit' });
    assert.equal(exact.statusCode, 422, 'it overlaps the one-hour log above, which is the point: the instants are exact');
  });

  test('another TIME_ZONE (America/New_York): typed times are read and shown on that clock, with its own gap and overlap', async () => {
    const t = await testApp(db(), { TIME_ZONE: 'America/New_York' });
    try {
      const deps = { database: t.database, clock: t.clock };
      const { circleId, people } = await circleWith(deps, ['full', 'full']);
      const token = (await run(deps, actorOf(people[0]!), createApiToken, { label: 'times' })).token;
      const schedule = (startsAt: string, place: string) => t.app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/meetings`, headers: { authorization: `Bearer ${token}` }, payload: { startsAt, place } });
      for (const [typed, utc] of [['2026-07-14T18:00', '2026-07-14T22:00:00.000Z'], ['2026-01-20T18:00', '2026-01-20T23:00:00.000Z'], ['2026-03-29T01:30', '2026-03-29T05:30:00.000Z']] as const) {
        assert.equal((await schedule(typed, typed)).statusCode, 201, typed);
        const [m] = await t.database.db.select().from(meetings).where(eq(meetings.place, typed));
        assert.equal(m?.startsAt.toISOString(), utc, `${typed} in New York (London's gap is an ordinary time there)`);
      }
      const c = new Client(t.app);
      await c.signIn(people[0]!.email);
      assert.ok((await c.get(`/circles/${circleId}/meetings`)).body.includes('14 Jul 2026, 18:00'), 'listed on the New York clock');
      const gap = await schedule('2026-03-08T02:30', 'Gap');
      assert.equal(gap.statusCode, 422);
      assert.ok(gap.body.includes('02:30 does not exist on 8 March 2026: the clocks go forward from 02:00 to 03:00'), gap.body);
    } finally {
      setCoOpTimeZone('Europe/London');
    }
  });

  test('medication times: a daily dose is due at its wall-clock time on both sides of each change, and the spring-gap dose can be recorded', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    t.clock.set(new Date('2026-03-27T09:00:00Z'));
    const { medicineId } = await run(deps, c.marHolder, addMedicine, { teamId: c.teamId, name: 'Night tablet', dose: '1', times: '01:30, 08:00', startsOn: '2026-03-27' });
    const due = async (date: string) => (await run(deps, c.marHolder, readMar, { teamId: c.teamId, date })).rows.flatMap((r) => r.doses.map((d) => d.dueAt.toISOString()));
    const expected: Record<string, string[]> = {
      '2026-03-28': ['2026-03-28T01:30:00.000Z', '2026-03-28T08:00:00.000Z'],
      '2026-03-29': ['2026-03-29T01:30:00.000Z', '2026-03-29T07:00:00.000Z'],
      '2026-03-30': ['2026-03-30T00:30:00.000Z', '2026-03-30T07:00:00.000Z'],
      '2026-10-24': ['2026-10-24T00:30:00.000Z', '2026-10-24T07:00:00.000Z'],
      '2026-10-25': ['2026-10-25T00:30:00.000Z', '2026-10-25T08:00:00.000Z'],
      '2026-10-26': ['2026-10-26T01:30:00.000Z', '2026-10-26T08:00:00.000Z'],
    };
    for (const [date, instants] of Object.entries(expected)) assert.deepEqual((await due(date)).sort(), instants, date);
    // 01:30 on the spring night does not exist: that dose is due at 02:30 BST (01:30 UTC) and can be recorded.
    t.clock.set(new Date('2026-03-29T02:00:00Z'));
    await run(deps, c.marHolder, recordDose, { medicineId, dueAt: '2026-03-29T01:30:00.000Z', outcome: 'given' });
  });
});
