import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { Client, testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import type { Actor } from '../../../platform/authz.ts';
import { HOUR, MINUTE } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { runOneJob } from '../../../platform/jobs.ts';
import { accessLog, notifications } from '../../../platform/schema.ts';
import { createApiToken } from '../../people/commands/api-tokens.ts';
import { careTeam } from '../records/test-support.ts';
import { medicationDoses } from '../schema.ts';
import { readMar } from './chart.ts';
import { addMedicine, recordDose, stopMedicine } from './commands.ts';
import './missed.ts';

// The FakeClock starts on Monday 5 January 2026 at 09:00 UTC, which is 09:00 in London (winter).
const DAY = '2026-01-05';
const at = (hhmm: string) => new Date(`${DAY}T${hhmm}:00.000Z`).toISOString();

describeEachDatabase('medication (MAR)', (db) => {
  test('a volunteer cannot record a dose (403, nothing written); a paid worker and the MAR Holder can; a second record is 409', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    await assert.rejects(run(deps, c.volunteer, addMedicine, { teamId: c.teamId, name: 'Metformin', dose: '500 mg', times: '08:00', startsOn: DAY }), NotAllowed);
    await assert.rejects(run(deps, c.paid, addMedicine, { teamId: c.teamId, name: 'Metformin', dose: '500 mg', times: '08:00', startsOn: DAY }), NotAllowed, 'a paid worker without the hat does not change the list');
    await assert.rejects(run(deps, c.stranger, addMedicine, { teamId: c.teamId, name: 'X', dose: '1', times: '08:00', startsOn: DAY }), NotFound);
    await assert.rejects(run(deps, c.marHolder, addMedicine, { teamId: c.teamId, name: 'Metformin', dose: '500 mg', times: '8am', startsOn: DAY }), (e: unknown) => e instanceof Invalid && 'times' in e.fields);
    const { medicineId } = await run(deps, c.marHolder, addMedicine, { teamId: c.teamId, name: 'Metformin', dose: '500 mg', times: '18:00, 08:00', startsOn: DAY, endsOn: '' });
    const { medicineId: other } = await run(deps, c.owner, addMedicine, { teamId: c.teamId, name: 'Amlodipine', dose: '5 mg', times: ['08:00'], startsOn: DAY });

    const count = async () => (await t.database.db.select().from(medicationDoses)).length;
    await assert.rejects(run(deps, c.volunteer, recordDose, { medicineId, dueAt: at('08:00'), outcome: 'given' }), (e: unknown) => e instanceof NotAllowed && /Volunteers never do/.test(e.message));
    await assert.rejects(run(deps, c.friend, recordDose, { medicineId, dueAt: at('08:00'), outcome: 'given' }), NotAllowed);
    await assert.rejects(run(deps, c.owner, recordDose, { medicineId, dueAt: at('08:00'), outcome: 'given' }), NotAllowed, 'the owner side manages the list but does not record doses');
    await assert.rejects(run(deps, c.admin, recordDose, { medicineId, dueAt: at('08:00'), outcome: 'given' }), NotFound);
    assert.equal(await count(), 0, 'nothing written by a refused record');

    // The same refusal through the API, with a plain message.
    const token = async (who: Actor) => (await run(deps, who, createApiToken, { label: 'mar' })).token;
    const post = async (who: Actor, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/medicines/${medicineId}/doses`, headers: { authorization: `Bearer ${await token(who)}` }, payload: body });
    const refused = await post(c.volunteer, { dueAt: at('08:00'), outcome: 'given' });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.json().error.message, /Volunteers never do/);
    assert.equal(await count(), 0);

    await assert.rejects(run(deps, c.paid, recordDose, { medicineId, dueAt: at('09:00'), outcome: 'given' }), (e: unknown) => e instanceof Invalid && 'dueAt' in e.fields, 'no dose is due at 09:00');
    await assert.rejects(run(deps, c.paid, recordDose, { medicineId, dueAt: at('08:00'), outcome: 'swallowed' }), (e: unknown) => e instanceof Invalid && 'outcome' in e.fields);
    assert.equal((await post(c.paid, { dueAt: at('08:00'), outcome: 'given', note: 'With breakfast' })).statusCode, 201);
    await run(deps, c.marHolder, recordDose, { medicineId: other, dueAt: at('08:00'), outcome: 'refused', note: 'Said she would take it later' });
    await assert.rejects(run(deps, c.marHolder, recordDose, { medicineId, dueAt: at('08:00'), outcome: 'refused' }), Conflict, 'a recorded outcome is never overwritten');
    assert.equal((await post(c.marHolder, { dueAt: at('08:00'), outcome: 'not_required' })).statusCode, 409);
    await assert.rejects(run(deps, c.paid, recordDose, { medicineId, dueAt: at('18:00'), outcome: 'given' }), (e: unknown) => e instanceof Invalid && /not due yet/.test(e.fields.dueAt ?? ''));

    const mar = await run(deps, c.volunteer, readMar, { teamId: c.teamId, date: DAY });
    const metformin = mar.rows.find((r) => r.medicine.name === 'Metformin');
    assert.deepEqual(metformin?.doses.map((d) => [d.time, d.outcome, d.recordedByName]), [['08:00', 'given', 'Paid Worker'], ['18:00', null, null]]);
    assert.equal(mar.mayRecord, false, 'a volunteer sees the chart but no recording forms');
    const reads = await t.database.db.select().from(accessLog).where(and(eq(accessLog.recordType, 'mar'), eq(accessLog.recordId, `${c.teamId}:${DAY}`)));
    assert.deepEqual(reads.map((r) => [r.actorId, r.reason]), [[c.volunteer.personId, 'team member']]);
    await assert.rejects(run(deps, c.admin, readMar, { teamId: c.teamId, date: DAY }), NotFound);

    // Through the pages: the form's mistake comes back beside the dose; a volunteer is refused in words.
    const email = async (who: Actor) => (await t.database.query<{ email: string }>('SELECT email FROM people WHERE id = $1', [who.personId]))[0]?.email as string;
    const paidPage = new Client(t.app);
    await paidPage.signIn(await email(c.paid));
    const again = await paidPage.submit(`/teams/${c.teamId}/mar?date=${DAY}`, { dueAt: at('08:00'), outcome: 'given' }, `/medicines/${other}/doses`);
    assert.equal(again.statusCode, 409, 'the 08:00 Amlodipine dose is already recorded');
    t.clock.advance(8 * HOUR);
    const noOutcome = await paidPage.submit(`/teams/${c.teamId}/mar?date=${DAY}`, { dueAt: at('18:00'), outcome: '' }, `/medicines/${medicineId}/doses`);
    assert.equal(noOutcome.statusCode, 422);
    assert.match(noOutcome.body, /Choose what happened/);
    const volunteerPage = new Client(t.app);
    await volunteerPage.signIn(await email(c.volunteer));
    const page = await volunteerPage.get(`/teams/${c.teamId}/mar?date=${DAY}`);
    assert.ok(!page.body.includes('/doses"'), 'no recording form for a volunteer');
    const vol = await volunteerPage.post(`/medicines/${medicineId}/doses`, { _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '', dueAt: at('18:00'), outcome: 'given' });
    assert.equal(vol.statusCode, 403);
    assert.match(vol.body, /Volunteers never do/);
    assert.equal(await count(), 2, 'only the two accepted records');

    await run(deps, c.marHolder, stopMedicine, { medicineId: other });
    await assert.rejects(run(deps, c.marHolder, stopMedicine, { medicineId: other }), Conflict);
    t.clock.advance(DAYS(1));
    assert.deepEqual((await run(deps, c.paid, readMar, { teamId: c.teamId })).rows.map((r) => r.medicine.name), ['Metformin'], 'a stopped medicine has no more doses');
    await t.app.close();
  });

  test('the missed-dose job flags a dose once and tells the MAR Holder once', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    const { medicineId } = await run(deps, c.marHolder, addMedicine, { teamId: c.teamId, name: 'Metformin', dose: '500 mg', times: '10:00, 12:00', startsOn: DAY });
    const told = async () => t.database.db.select().from(notifications).where(eq(notifications.personId, c.marHolder.personId));
    const flagged = async () => t.database.db.select().from(medicationDoses).where(eq(medicationDoses.medicineId, medicineId));
    const drain = async () => {
      while (await runOneJob(t.database, t.clock)) {
        // run every due job
      }
    };
    const before = (await told()).length;
    t.clock.advance(HOUR + 30 * MINUTE); // 10:30: due, not yet missed
    await drain();
    assert.equal((await flagged()).length, 0);
    t.clock.advance(HOUR); // 11:30: the 10:00 dose is missed
    await drain();
    const rows = await flagged();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.dueAt.toISOString(), at('10:00'));
    assert.ok(rows[0]?.flaggedAt && rows[0].outcome === null);
    const notices = (await told()).slice(before);
    assert.equal(notices.length, 1);
    assert.match(notices[0]?.text ?? '', /10:00 on 2026-01-05 .* was not recorded/);
    assert.ok(!/Metformin/.test(notices[0]?.text ?? ''), 'the notice never names the medicine');
    assert.equal((await t.database.db.select().from(notifications).where(eq(notifications.personId, c.owner.personId))).filter((n) => /not recorded/.test(n.text)).length, 0, 'with a MAR Holder, the owner is not told');

    t.clock.advance(HOUR);
    await drain();
    t.clock.advance(HOUR);
    await drain();
    assert.equal((await told()).length - before, 2, 'the 10:00 dose is told about once; the 12:00 dose once more');
    // Recording the flagged dose late is allowed, keeps the flag, and ends further notices.
    await run(deps, c.paid, recordDose, { medicineId, dueAt: at('10:00'), outcome: 'given', note: 'Given late' });
    const late = (await flagged()).find((r) => r.dueAt.toISOString() === at('10:00'));
    assert.equal(late?.outcome, 'given');
    assert.ok(late?.flaggedAt);
    await t.app.close();
  });
});

const DAYS = (n: number) => n * 24 * HOUR;
