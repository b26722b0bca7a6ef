import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import { makePerson } from '../../../../test/support/app.ts';
import { actorOf } from '../../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { DAY, HOUR, MINUTE } from '../../../platform/clock.ts';
import { read, run } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { notifications } from '../../../platform/schema.ts';
import { chatMessages } from '../../chat/schema.ts';
import { careLogs, visits } from '../schema.ts';
import { bookVisit } from './book.ts';
import { cancelSeries, cancelVisit, endVisit, joinVisit, rearrangeVisit } from './change.ts';
import { oneOff, visitTeam } from './fixture.test-support.ts';
import { endDueVisit, remindVisit } from './jobs.ts';
import { visitDetail } from './queries.ts';

const iso = (d: Date) => d.toISOString();

describeEachDatabase('visits', (db) => {
  test('a weekly series is written to the horizon; a cancelled and a moved occurrence stay as they are when it is extended', async () => {
    const { t, deps, teamId, owner, pat, runJobs } = await visitTeam(db());
    const { seriesId, count } = await run(deps, owner, bookVisit, { ...oneOff(teamId, [pat.personId]), date: '2026-01-08', repeat: 'weekly', weekdays: ['MO', 'TH'], repeatCount: '40' });
    assert.equal(count, 17, 'Thursday 8 January to Thursday 5 March: 9 Thursdays and 8 Mondays');
    const chat = (await t.database.db.select().from(chatMessages).where(eq(chatMessages.circleId, teamId))).map((m) => m.body);
    assert.ok(chat.includes('Repeating visits were booked every week on Monday, Thursday, from Thu 8 Jan, 10:00–11:00.'), chat.join('\n'));
    const rows = () => t.database.db.select().from(visits).where(eq(visits.seriesId, seriesId as string)).orderBy(asc(visits.originalStartsAt));
    const first = await rows();
    assert.deepEqual(first.slice(0, 3).map((v) => iso(v.startsAt)), ['2026-01-08T10:00:00.000Z', '2026-01-12T10:00:00.000Z', '2026-01-15T10:00:00.000Z']);
    const [, , thu15, mon19] = first as [typeof first[0], typeof first[0], typeof first[0], typeof first[0]];
    await run(deps, owner, cancelVisit, { visitId: thu15.id, reason: 'Rose is at her sister’s' });
    await run(deps, pat, rearrangeVisit, { visitId: mon19.id, date: '2026-01-20', startTime: '14:00', endTime: '15:00', reason: 'Dentist in the morning' });

    t.clock.set(new Date('2026-02-09T09:00:00Z'));
    await runJobs();
    const after = await rows();
    assert.ok(after.length > 17, 'the job wrote the next stretch');
    assert.equal(new Set(after.map((v) => iso(v.originalStartsAt as Date))).size, after.length, 'no occurrence written twice');
    const again15 = after.find((v) => v.id === thu15.id);
    assert.equal(again15?.state, 'cancelled');
    assert.equal(again15?.cancelReason, 'Rose is at her sister’s');
    const again19 = after.find((v) => v.id === mon19.id);
    assert.equal(iso(again19?.startsAt as Date), '2026-01-20T14:00:00.000Z', 'the moved visit keeps its new time');
    assert.equal(iso(again19?.originalStartsAt as Date), '2026-01-19T10:00:00.000Z');
    const april = after.find((v) => iso(v.originalStartsAt as Date).startsWith('2026-04-02'));
    assert.equal(iso(april?.startsAt as Date), '2026-04-02T09:00:00.000Z', 'still 10:00 in London after the clocks go forward');
    assert.deepEqual((await read(deps, owner, visitDetail, { visitId: april?.id })).visit.supporters.map((s) => s.name), ['Pat Paid'], 'new visits keep who comes');
    assert.equal(after.find((v) => v.id === first[0]?.id)?.state, 'ended', 'a past visit was ended by the job');

    const { cancelled } = await run(deps, owner, cancelSeries, { seriesId: seriesId as string, from: '2026-03-01', reason: 'Moving to a new rota' });
    assert.ok(cancelled > 0);
    t.clock.set(new Date('2026-04-20T09:00:00Z'));
    await runJobs();
    const final = await rows();
    assert.equal(final.filter((v) => v.startsAt >= new Date('2026-03-01T00:00:00Z') && v.state !== 'cancelled').length, 0, 'nothing after the series was stopped');
    assert.ok(final.some((v) => v.state === 'ended' && v.startsAt < new Date('2026-03-01')));
  });

  test('booking is refused until the team has accepted the Promise, and nothing is written', async () => {
    const { deps, teamId, owner, pat, count } = await visitTeam(db(), { promise: false });
    await assert.rejects(run(deps, owner, bookVisit, oneOff(teamId, [pat.personId])), (e: unknown) => e instanceof Conflict && /Promise/.test(e.message));
    assert.equal(await count(`SELECT count(*)::int AS n FROM visits WHERE team_id = '${teamId}'`), 0);
  });

  test('outsiders, admins included, get 404 for a team’s visits; a volunteer is never on a paid visit', async () => {
    const { deps, teamId, owner, mo, pat, val } = await visitTeam(db());
    const { visitId } = await run(deps, mo, bookVisit, oneOff(teamId, [pat.personId]));
    for (const stranger of [actorOf(await makePerson(deps)), { ...actorOf(await makePerson(deps, { admin: true })), isAdmin: true }]) {
      await assert.rejects(run(deps, stranger, bookVisit, oneOff(teamId, [])), NotFound);
      await assert.rejects(read(deps, stranger, visitDetail, { visitId }), NotFound);
      await assert.rejects(run(deps, stranger, cancelVisit, { visitId, reason: 'x' }), NotFound);
      await assert.rejects(run(deps, stranger, joinVisit, { visitId }), NotFound);
    }
    await assert.rejects(run(deps, owner, bookVisit, oneOff(teamId, [pat.personId, val.personId])), (e: unknown) => e instanceof Invalid && /Val Volunteer is a volunteer/.test(e.fields.supporterIds ?? ''));
    await assert.rejects(run(deps, val, joinVisit, { visitId }), NotAllowed);
    await assert.rejects(run(deps, owner, joinVisit, { visitId, personId: val.personId }), NotAllowed);
    const { visitId: walk } = await run(deps, owner, bookVisit, oneOff(teamId, [val.personId], { kind: 'volunteer' }));
    assert.deepEqual((await read(deps, owner, visitDetail, { visitId: walk })).visit.supporters.map((s) => s.name), ['Val Volunteer']);
    await assert.rejects(run(deps, owner, bookVisit, oneOff(teamId, [owner.personId])), (e: unknown) => e instanceof Invalid && 'supporterIds' in e.fields, 'the owner is not their own supporter');
  });

  test('bad input is refused field by field and writes nothing', async () => {
    const { deps, teamId, owner, pat, count } = await visitTeam(db());
    const before = await count('SELECT count(*)::int AS n FROM visits');
    const seriesBefore = await count('SELECT count(*)::int AS n FROM visit_series');
    const fields = async (input: Record<string, unknown>) => {
      try {
        await run(deps, owner, bookVisit, { ...oneOff(teamId, [pat.personId]), ...input });
      } catch (e) {
        if (e instanceof Invalid) return e.fields;
        throw e;
      }
      assert.fail('expected Invalid');
    };
    const many = await fields({ date: '2026-02-30', startTime: '25:00', place: '  ', kind: 'party' });
    assert.deepEqual(Object.keys(many).sort(), ['date', 'kind', 'place', 'startTime']);
    assert.match((await fields({ endTime: '09:00' })).endTime ?? '', /after the start/);
    assert.match((await fields({ startTime: '08:00', endTime: '21:00' })).endTime ?? '', /at most 12 hours/);
    assert.match((await fields({ date: '2026-01-04' })).date ?? '', /not passed/);
    assert.match((await fields({ repeat: 'weekly', repeatCount: '101' })).repeatCount ?? '', /at most 100/);
    assert.match((await fields({ repeat: 'weekly' })).repeatUntil ?? '', /last date/);
    assert.match((await fields({ repeat: 'monthly', repeatCount: '3' })).repeat ?? '', /how often/);
    assert.match((await fields({ supporterIds: ['not-a-person'] })).supporterIds ?? '', /Choose people/);
    assert.equal(await count('SELECT count(*)::int AS n FROM visits'), before);
    assert.equal(await count('SELECT count(*)::int AS n FROM visit_series'), seriesBefore);
  });

  test('booking, moving and cancelling appear in the team chat without the place or notes', async () => {
    const { t, deps, teamId, owner, pat } = await visitTeam(db());
    const { visitId } = await run(deps, owner, bookVisit, oneOff(teamId, [pat.personId]));
    await run(deps, owner, rearrangeVisit, { visitId, date: '2026-01-07', startTime: '14:00', endTime: '15:30', reason: 'Hospital appointment' });
    await run(deps, owner, cancelVisit, { visitId, reason: 'Feeling unwell' });
    const said = (await t.database.db.select().from(chatMessages).where(and(eq(chatMessages.circleId, teamId), eq(chatMessages.kind, 'system')))).map((m) => m.body);
    assert.ok(said.includes('A visit was booked for Tue 6 Jan, 10:00–11:00.'), said.join('\n'));
    assert.ok(said.includes('The visit on Tue 6 Jan, 10:00–11:00 was moved to Wed 7 Jan, 14:00–15:30.'));
    assert.ok(said.includes('The visit on Wed 7 Jan, 14:00–15:30 was cancelled.'));
    assert.ok(!said.some((s) => /Mill Lane|shopping|Hospital|unwell/.test(s)), 'no address, notes or reasons in the chat');
    await assert.rejects(run(deps, owner, rearrangeVisit, { visitId, date: '2026-01-08', startTime: '14:00', endTime: '15:00', reason: 'x' }), Conflict, 'a cancelled visit cannot be moved');
  });

  test('each supporter and the owner are reminded once the day before; a moved visit is reminded again', async () => {
    const { t, deps, teamId, owner, pat, runJobs } = await visitTeam(db());
    const { visitId } = await run(deps, owner, bookVisit, { ...oneOff(teamId, [pat.personId]), date: '2026-01-08' });
    const reminders = async (personId: string) => (await t.database.db.select().from(notifications).where(eq(notifications.personId, personId))).filter((n) => n.text.startsWith('Reminder:'));
    await runJobs();
    assert.equal((await reminders(pat.personId)).length, 0, 'not yet');
    t.clock.set(new Date('2026-01-07T10:00:00Z'));
    await runJobs();
    assert.equal((await reminders(pat.personId)).length, 1);
    assert.equal((await reminders(owner.personId)).length, 1);
    assert.match((await reminders(pat.personId))[0]?.text ?? '', /Thu 8 Jan, 10:00–11:00/);
    const payload = { visitId, startsAt: '2026-01-08T10:00:00.000Z' };
    assert.equal(await t.database.db.transaction((tx) => remindVisit({ tx, now: t.clock.now(), database: t.database }, payload)), false, 'a second run does nothing');
    await runJobs();
    assert.equal((await reminders(pat.personId)).length, 1, 'exactly once');

    await run(deps, owner, rearrangeVisit, { visitId, date: '2026-01-09', startTime: '10:00', endTime: '11:00', reason: 'Swap days' });
    t.clock.set(new Date('2026-01-08T10:30:00Z'));
    await runJobs();
    const after = await reminders(pat.personId);
    assert.equal(after.length, 2, 'reminded again for the new time');
    assert.match(after.map((n) => n.text).join(' '), /Fri 9 Jan/);
  });

  test('an ended visit opens pending care logs once, however many times ending runs; ending early shortens it', async () => {
    const { t, deps, teamId, owner, pat, mo, val, runJobs, count } = await visitTeam(db());
    const { visitId } = await run(deps, owner, bookVisit, oneOff(teamId, [pat.personId, mo.personId]));
    await assert.rejects(run(deps, pat, endVisit, { visitId }), Conflict, 'not started yet');
    t.clock.set(new Date('2026-01-06T11:05:00Z'));
    const job = (now: Date) => t.database.db.transaction((tx) => endDueVisit({ tx, now, database: t.database }, { visitId }));
    assert.equal(await job(t.clock.now()), true);
    assert.equal(await job(t.clock.now()), false);
    await runJobs();
    await assert.rejects(run(deps, owner, endVisit, { visitId }), Conflict);
    const logs = await t.database.db.select().from(careLogs).where(eq(careLogs.visitId, visitId));
    assert.equal(logs.length, 2);
    assert.ok(logs.every((l) => l.state === 'pending' && l.minutes === 60));
    assert.equal(await count(`SELECT count(*)::int AS n FROM visits WHERE id = '${visitId}' AND state = 'ended'`), 1);

    const { visitId: walk } = await run(deps, owner, bookVisit, oneOff(teamId, [val.personId], { kind: 'volunteer', date: '2026-01-07' }));
    t.clock.set(new Date('2026-01-07T10:00:20Z'));
    await assert.rejects(run(deps, val, endVisit, { visitId: walk }), (e) => e instanceof Conflict && /less than a minute/.test(e.message), 'ended in its first seconds: a clear answer, not a 500');
    t.clock.set(new Date('2026-01-07T10:40:00Z'));
    await assert.rejects(run(deps, mo, endVisit, { visitId: walk }), NotAllowed, 'only someone at the visit or the owner side');
    const { endsAt } = await run(deps, val, endVisit, { visitId: walk });
    assert.equal(iso(endsAt), '2026-01-07T10:40:00.000Z');
    const [log] = await t.database.db.select().from(careLogs).where(eq(careLogs.visitId, walk));
    assert.equal(log?.minutes, 40);
    assert.equal(log?.kind, 'volunteer');
    t.clock.advance(DAY + HOUR + MINUTE);
    await runJobs();
    assert.equal((await t.database.db.select().from(careLogs).where(eq(careLogs.visitId, walk))).length, 1);
  });
});
