import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { Client, PASSWORD, testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { DAY } from '../../platform/clock.ts';
import { read, run } from '../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../platform/errors.ts';
import { runOneJob } from '../../platform/jobs.ts';
import { accessLog, notifications } from '../../platform/schema.ts';
import { isoDate } from '../circles/dates.ts';
import { createEnquiry, linkPerson, moveEnquiry, recordStage, setCheckIn } from './commands/enquiries.ts';
import { starterStepNames, starterSteps } from './machine.ts';
import { readBoard } from './queries.ts';
import { starterEnquiries } from './schema.ts';
import { actorOf, beginning, enquiry, firstContact, localCircle } from './test-support.ts';

describeEachDatabase('team starter pipeline', (db) => {
  test('only the Team Starters and Coaches see an enquiry (and the person once linked); each read is access-logged', async () => {
    const t = await testApp(db());
    const { circleId, starter, coach, member, admin, supported } = await localCircle(t, PASSWORD);
    const enquiryId = await enquiry(t, circleId, actorOf(starter));
    const logged = async () => (await t.database.db.select().from(accessLog).where(eq(accessLog.recordId, enquiryId))).length;
    const as = async (who: { email: string }) => {
      const c = new Client(t.app);
      await c.signIn(who.email);
      return c;
    };
    const starterClient = await as(starter);
    const page = await starterClient.get(`/enquiries/${enquiryId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Help getting up and dressed/);
    assert.equal(await logged(), 1);
    assert.equal((await (await as(coach)).get(`/enquiries/${enquiryId}`)).statusCode, 200);
    const [row] = await t.database.db.select().from(accessLog).where(and(eq(accessLog.recordId, enquiryId), eq(accessLog.actorId, coach.personId)));
    assert.equal(row?.reason, 'Coach of the Local Circle');
    assert.equal(await logged(), 2);

    for (const who of [member, admin, supported]) {
      const c = await as(who);
      assert.equal((await c.get(`/enquiries/${enquiryId}`)).statusCode, 404, `${who.name} is told the enquiry does not exist`);
      assert.equal((await c.get(`/circles/${circleId}/board`)).statusCode, 404, `${who.name} has no board`);
      assert.equal((await c.get(`/api/v1/enquiries/${enquiryId}`, { 'x-csrf-token': 'none' })).statusCode, 404);
    }
    assert.equal(await logged(), 2, 'refused reads are not logged as reads');
    await assert.rejects(run(t, actorOf(admin, true), moveEnquiry, { enquiryId, step: 'begin' }), NotFound);

    // Once linked, the person the support is for reads their own enquiry, but the Team Starter keeps it.
    await run(t, actorOf(starter), linkPerson, { enquiryId, personId: supported.personId });
    const own = await as(supported);
    assert.equal((await own.get(`/enquiries/${enquiryId}`)).statusCode, 200);
    assert.equal(await logged(), 3);
    await assert.rejects(run(t, actorOf(supported), moveEnquiry, { enquiryId, step: 'begin' }), NotAllowed);
    await t.app.close();
  });

  test('stages record what they learn, with a message per field; illegal steps are refused and change nothing', async () => {
    const t = await testApp(db());
    const { circleId, starter } = await localCircle(t, PASSWORD);
    const me = actorOf(starter);
    await assert.rejects(run(t, me, createEnquiry, { circleId, ...firstContact, postcode: 'nowhere', askerRelationship: '', funding: 'lottery' }), (e: unknown) =>
      e instanceof Invalid && /postcode/.test(e.fields.postcode ?? '') && /related/.test(e.fields.askerRelationship ?? '') && /paid for/.test(e.fields.funding ?? ''));
    const enquiryId = await enquiry(t, circleId, me);
    const state = async () => (await t.database.db.select().from(starterEnquiries).where(eq(starterEnquiries.id, enquiryId)))[0];
    assert.equal((await state())?.records.first_contact?.postcode, 'HX1 2AB');

    for (const step of starterStepNames.filter((s) => !(starterSteps[s].from as readonly string[]).includes('first_contact'))) {
      await assert.rejects(run(t, me, moveEnquiry, { enquiryId, step }), Conflict, `${step} is not allowed at first contact`);
    }
    assert.equal((await state())?.state, 'first_contact');
    await assert.rejects(run(t, me, moveEnquiry, { enquiryId, step: 'fly' }), (e: unknown) => e instanceof Invalid && 'step' in e.fields);

    await run(t, me, moveEnquiry, { enquiryId, step: 'begin' });
    await assert.rejects(run(t, me, moveEnquiry, { enquiryId, step: 'match' }), /Record what beginning the relationship learned/);
    await assert.rejects(run(t, me, recordStage, { enquiryId, routines: '' }), (e: unknown) => e instanceof Invalid && ['routines', 'supportWanted', 'personalCareOrMedicines'].every((f) => f in e.fields));
    await run(t, me, recordStage, { enquiryId, ...beginning('yes') });
    await run(t, me, moveEnquiry, { enquiryId, step: 'match' });
    await assert.rejects(run(t, me, recordStage, { enquiryId, consentToShare: 'yes' }), (e: unknown) => e instanceof Invalid && /opportunity summary/.test(e.fields.summary ?? ''));
    await run(t, me, recordStage, { enquiryId, consentToShare: 'no', summary: 'Never shared' });
    assert.equal((await state())?.records.matching?.summary, undefined, 'without consent no summary is kept');
    await assert.rejects(run(t, me, moveEnquiry, { enquiryId, step: 'agree-profiles' }), /stage 4\) must come first/);
    await run(t, me, moveEnquiry, { enquiryId, step: 'converse' });
    await assert.rejects(run(t, me, moveEnquiry, { enquiryId, step: 'agree-profiles' }), Conflict);
    await run(t, me, recordStage, { enquiryId, metOn: '2026-01-04', trustAssessment: 'Trust to build around medicines.' });
    assert.equal((await run(t, me, moveEnquiry, { enquiryId, step: 'agree-profiles' })).state, 'profiles');

    // Without personal care the supportive conversation may be skipped; the waiting list comes back to its stage.
    const other = await enquiry(t, circleId, me);
    await run(t, me, moveEnquiry, { enquiryId: other, step: 'begin' });
    await run(t, me, recordStage, { enquiryId: other, ...beginning('no') });
    await run(t, me, moveEnquiry, { enquiryId: other, step: 'match' });
    await run(t, me, recordStage, { enquiryId: other, consentToShare: 'yes', summary: 'Mornings in Halifax, dressing and breakfast.' });
    await run(t, me, moveEnquiry, { enquiryId: other, step: 'waitlist' });
    await assert.rejects(run(t, me, recordStage, { enquiryId: other, consentToShare: 'no' }), Conflict);
    assert.equal((await run(t, me, moveEnquiry, { enquiryId: other, step: 'resume' })).state, 'matching');
    assert.equal((await run(t, me, moveEnquiry, { enquiryId: other, step: 'agree-profiles' })).state, 'profiles');
    await t.app.close();
  });

  test('the board puts each enquiry in its column; a due check-in reminds the Team Starter once', async () => {
    const t = await testApp(db());
    const { circleId, starter, coach, member } = await localCircle(t, PASSWORD);
    const me = actorOf(starter);
    const today = isoDate(t.clock.now());
    const tomorrow = isoDate(new Date(t.clock.now().getTime() + DAY));
    const interest = await enquiry(t, circleId, me, { forName: 'Ivy Interest', nextCheckIn: tomorrow });
    const held = await enquiry(t, circleId, me, { forName: 'Hal Held' });
    await run(t, me, moveEnquiry, { enquiryId: held, step: 'hold' });
    const due = await enquiry(t, circleId, me, { forName: 'Dee Due', nextCheckIn: today });
    const gone = await enquiry(t, circleId, me, { forName: 'Sig Signposted', nextCheckIn: today });
    await run(t, me, moveEnquiry, { enquiryId: gone, step: 'signpost' });
    await assert.rejects(run(t, me, setCheckIn, { enquiryId: interest, nextCheckIn: '2020-01-01' }), (e: unknown) => e instanceof Invalid && /today or a later date/.test(e.fields.nextCheckIn ?? ''));

    const board = await read(t, me, readBoard, { circleId });
    const column = (key: string) => board.columns.find((c) => c.key === key)?.cards.map((c) => c.id) ?? [];
    assert.deepEqual(column('interest'), [interest]);
    assert.deepEqual(column('on-hold'), [held]);
    assert.deepEqual(column('check-in-due'), [due]);
    assert.deepEqual(column('ended'), [gone]);
    await assert.rejects(read(t, actorOf(member), readBoard, { circleId }), NotFound);

    const reminders = async () => (await t.database.db.select().from(notifications).where(eq(notifications.personId, starter.personId))).filter((n) => n.href.startsWith('/enquiries/'));
    const drain = async () => {
      while (await runOneJob(t.database, t.clock)) {
        // run every job that is due now
      }
    };
    await drain();
    assert.deepEqual((await reminders()).map((n) => n.href), [`/enquiries/${due}`], 'the check-in due today is reminded; the signposted one is not');
    assert.equal((await t.database.db.select().from(notifications).where(eq(notifications.personId, coach.personId))).length, 0, 'the Team Starter is reminded, not the Coach');
    await run(t, me, setCheckIn, { enquiryId: due, nextCheckIn: today });
    await drain();
    assert.equal((await reminders()).length, 1, 'setting the same date again does not remind twice');

    t.clock.advance(DAY);
    await drain();
    assert.equal((await reminders()).filter((n) => n.href === `/enquiries/${interest}`).length, 1, "tomorrow's check-in is reminded tomorrow");
    await drain();
    assert.equal((await reminders()).length, 2);
    await t.app.close();
  });
});
