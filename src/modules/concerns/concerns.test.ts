import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { Client, testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import type { Actor } from '../../platform/authz.ts';
import { DAY } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../platform/errors.ts';
import { runOneJob } from '../../platform/jobs.ts';
import { accessLog, notifications } from '../../platform/schema.ts';
import { addConcernViewer, raiseConcern, recordNotReferred, recordReferral, recordReferralOutcome, takeConcernStep } from './commands.ts';
import { type MovingStep, assertConcernStep, concernTable, movingSteps } from './machine.ts';
import { type ConcernState, concernStates, concerns } from './schema.ts';
import { supportedTeam } from './test-support.ts';

// Written out here, apart from machine.ts, so a change to the table has to be made twice.
const legal: Record<MovingStep, ConcernState[]> = {
  'ask-for-response': ['understanding'],
  explore: ['awaiting_response', 'monthly_review'],
  'record-outcome': ['exploring'],
  'start-monthly-review': ['outcome'],
  review: ['monthly_review'],
  close: ['outcome', 'monthly_review'],
};
const pathTo: Record<ConcernState, MovingStep[]> = {
  understanding: [],
  awaiting_response: ['ask-for-response'],
  exploring: ['ask-for-response', 'explore'],
  outcome: ['ask-for-response', 'explore', 'record-outcome'],
  monthly_review: ['ask-for-response', 'explore', 'record-outcome', 'start-monthly-review'],
  closed: ['ask-for-response', 'explore', 'record-outcome', 'close'],
};

test('the concern table allows exactly the legal steps, from every state', () => {
  assert.deepEqual([...movingSteps].sort(), Object.keys(legal).sort());
  for (const step of movingSteps) {
    for (const state of concernStates) {
      if (legal[step].includes(state)) assert.doesNotThrow(() => assertConcernStep(step, state), `${step} from ${state}`);
      else assert.throws(() => assertConcernStep(step, state), Conflict, `${step} from ${state} must be refused`);
    }
  }
  for (const step of ['refer', 'referral-outcome', 'not-referred', 'add-viewer'] as const) assert.throws(() => assertConcernStep(step, 'closed'), Conflict);
  assert.equal(concernTable.explore.to, 'exploring');
});

describeEachDatabase('concerns', (db) => {
  const setUp = async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    return { t, deps, ...(await supportedTeam(deps)) };
  };
  const raise = (deps: Parameters<typeof run>[0], by: Actor, teamId: string, extra: Record<string, unknown> = {}) =>
    run(deps, by, raiseConcern, { teamId, summary: 'Visits run short', details: 'Two evening visits ended early.', ...extra });
  const walk = async (deps: Parameters<typeof run>[0], by: Actor, concernId: string, steps: MovingStep[]) => {
    for (const step of steps) await run(deps, by, takeConcernStep, { concernId, step, note: `note for ${step}`, outcome: 'Rota changed.' });
  };

  test('every illegal step is refused in the database, and the concern stays where it was', async () => {
    const { t, deps, teamId, actors } = await setUp();
    for (const state of concernStates) {
      const { concernId } = await raise(deps, actors.member, teamId);
      await walk(deps, actors.coach, concernId, pathTo[state]);
      for (const step of movingSteps.filter((s) => !legal[s].includes(state))) {
        await assert.rejects(run(deps, actors.coach, takeConcernStep, { concernId, step, note: 'n', outcome: 'o' }), Conflict, `${step} from ${state}`);
      }
      const [row] = await t.database.db.select().from(concerns).where(eq(concerns.id, concernId));
      assert.equal(row?.state, state);
    }
    const { concernId } = await raise(deps, actors.member, teamId);
    await walk(deps, actors.coach, concernId, ['ask-for-response', 'explore']);
    await assert.rejects(run(deps, actors.coach, takeConcernStep, { concernId, step: 'record-outcome', note: 'n' }), (e: unknown) => e instanceof Invalid && 'outcome' in e.fields);
    await walk(deps, actors.coach, concernId, ['record-outcome', 'start-monthly-review', 'explore']);
    assert.equal((await t.database.db.select().from(concerns).where(eq(concerns.id, concernId)))[0]?.state, 'exploring', 'a review that needs more work goes back to exploring');
    await t.app.close();
  });

  test('only the raiser, owner side, handlers and added people read a concern; the subject, members and admins get 404; every read is logged', async () => {
    const { t, deps, teamId, cast, actors } = await setUp();
    const { concernId } = await raise(deps, actors.member, teamId);
    const { concernId: aboutOwner } = await raise(deps, actors.member, teamId, { aboutPersonId: cast.owner.personId });
    await assert.rejects(raise(deps, actors.outsider, teamId), NotFound, 'an outsider cannot raise a concern about a team they cannot see');
    await assert.rejects(raise(deps, actors.member, teamId, { aboutPersonId: cast.outsider.personId }), Invalid);
    const clients = Object.fromEntries(await Promise.all(Object.entries(cast).map(async ([k, p]) => {
      const c = new Client(t.app);
      await c.signIn(p.email);
      return [k, c] as const;
    }))) as Record<keyof typeof cast, Client>;
    const logged = async (id: string) => t.database.db.select().from(accessLog).where(and(eq(accessLog.recordType, 'concern'), eq(accessLog.recordId, id)));

    for (const who of ['member', 'owner', 'advocate', 'lead', 'coach', 'starter'] as const) {
      const before = (await logged(concernId)).length;
      const page = await clients[who].get(`/concerns/${concernId}`);
      assert.equal(page.statusCode, 200, `${who} reads the page`);
      assert.match(page.body, /Two evening visits ended early/);
      const api = await clients[who].get(`/api/v1/concerns/${concernId}`);
      assert.equal(api.statusCode, 200, `${who} reads it through the API`);
      const rows = await logged(concernId);
      assert.equal(rows.length, before + 2, `both of ${who}'s reads are logged`);
      assert.ok(rows.slice(-2).every((r) => r.actorId === cast[who].personId && r.ownerId === cast.owner.personId && r.reason.length > 0));
    }
    for (const who of ['other', 'admin', 'outsider'] as const) {
      const before = (await logged(concernId)).length;
      assert.equal((await clients[who].get(`/concerns/${concernId}`)).statusCode, 404, `${who} is told it does not exist`);
      assert.equal((await clients[who].get(`/api/v1/concerns/${concernId}`)).statusCode, 404);
      assert.equal((await logged(concernId)).length, before, 'a refused read is not a read');
      const list = await clients[who].get('/concerns');
      assert.doesNotMatch(list.body, new RegExp(concernId), `${who} does not see it listed`);
    }
    assert.equal((await clients.owner.get(`/concerns/${aboutOwner}`)).statusCode, 404, 'the person a concern is about never sees it');
    assert.doesNotMatch((await clients.owner.get('/concerns')).body, new RegExp(aboutOwner));
    assert.equal((await clients.advocate.get(`/concerns/${aboutOwner}`)).statusCode, 200);
    await assert.rejects(run(deps, actors.lead, addConcernViewer, { concernId: aboutOwner, personId: cast.owner.personId }), Invalid, 'nobody can show the subject their concern');

    // Handlers see who has read it; the raiser does not.
    const handlerPage = await clients.coach.get(`/concerns/${concernId}`);
    assert.match(handlerPage.body, /Who has read this concern/);
    assert.match(handlerPage.body, /The advocate/);
    assert.doesNotMatch((await clients.member.get(`/concerns/${concernId}`)).body, /Who has read this concern/);
    await assert.rejects(run(deps, actors.member, takeConcernStep, { concernId, step: 'ask-for-response', note: 'n' }), NotAllowed, 'the raiser does not handle it');
    await assert.rejects(run(deps, actors.other, takeConcernStep, { concernId, step: 'ask-for-response', note: 'n' }), NotFound);

    await run(deps, actors.coach, addConcernViewer, { concernId, personId: cast.outsider.personId });
    assert.equal((await clients.outsider.get(`/concerns/${concernId}`)).statusCode, 200, 'a person the handler adds can read it');
    assert.match((await clients.outsider.get('/concerns')).body, new RegExp(concernId));
    await t.app.close();
  });

  test('a safeguarding concern cannot close without the referral outcome or a recorded reason for not referring', async () => {
    const { t, deps, teamId, actors } = await setUp();
    const { concernId } = await raise(deps, actors.member, teamId, { safeguarding: 'on' });
    await walk(deps, actors.lead, concernId, ['ask-for-response', 'explore', 'record-outcome']);
    await assert.rejects(run(deps, actors.lead, takeConcernStep, { concernId, step: 'close', note: 'done' }), Conflict);
    await assert.rejects(run(deps, actors.lead, recordReferralOutcome, { concernId, referralOutcome: 'No further action' }), Conflict, 'no outcome before a referral');
    await assert.rejects(run(deps, actors.lead, recordReferral, { concernId, referralDate: '2099-01-01', referralReference: 'R1', referredBy: 'Lee' }), Invalid);
    await run(deps, actors.lead, recordReferral, { concernId, referralDate: '2026-01-02', referralReference: 'CAL-123', referredBy: 'The lead' });
    await assert.rejects(run(deps, actors.lead, takeConcernStep, { concernId, step: 'close', note: 'done' }), Conflict, 'referred but no outcome yet');
    await assert.rejects(run(deps, actors.lead, recordNotReferred, { concernId, notReferredReason: 'x' }), Conflict);
    await run(deps, actors.lead, recordReferralOutcome, { concernId, referralOutcome: 'Assessed; no further action.' });
    await run(deps, actors.lead, takeConcernStep, { concernId, step: 'close', note: 'Closed after the assessment.' });

    const { concernId: second } = await raise(deps, actors.member, teamId, { safeguarding: 'on' });
    await walk(deps, actors.coach, second, ['ask-for-response', 'explore', 'record-outcome']);
    await run(deps, actors.coach, recordNotReferred, { concernId: second, notReferredReason: 'the risk was removed the same day and the family agreed a plan' });
    await run(deps, actors.coach, takeConcernStep, { concernId: second, step: 'close', note: 'Closed.' });

    const { concernId: plain } = await raise(deps, actors.member, teamId);
    await assert.rejects(run(deps, actors.coach, recordReferral, { concernId: plain, referralDate: '2026-01-02', referralReference: 'x', referredBy: 'y' }), Conflict, 'only safeguarding concerns are referred');
    await t.app.close();
  });

  test('the monthly review job tells the handlers once per due date', async () => {
    const { t, deps, teamId, cast, actors } = await setUp();
    const { concernId } = await raise(deps, actors.member, teamId);
    await walk(deps, actors.coach, concernId, ['ask-for-response', 'explore', 'record-outcome', 'start-monthly-review']);
    // The suite's database holds the other tests' concerns too: count this one's reminders only.
    const told = async () => t.database.db.select().from(notifications).where(and(like(notifications.text, '%due for its monthly review%'), eq(notifications.href, `/concerns/${concernId}`)));
    const drain = async () => {
      while (await runOneJob(t.database, t.clock)) { /* run everything due */ }
    };
    await drain();
    assert.equal((await told()).length, 0, 'not due yet');
    t.clock.advance(31 * DAY);
    await drain();
    const first = await told();
    assert.deepEqual(first.map((n) => n.personId).sort(), [cast.lead.personId, cast.coach.personId, cast.starter.personId].sort());
    await drain();
    t.clock.advance(DAY);
    await drain();
    assert.equal((await told()).length, 3, 'told once for this due date');

    await run(deps, actors.coach, takeConcernStep, { concernId, step: 'review', note: 'Still going well.' });
    t.clock.advance(31 * DAY);
    await drain();
    assert.equal((await told()).length, 6, 'the next review is due a month after the last one');
    await run(deps, actors.coach, takeConcernStep, { concernId, step: 'close', note: 'Settled.' });
    t.clock.advance(31 * DAY);
    await drain();
    assert.equal((await told()).length, 6, 'a closed concern is not reviewed');
    await t.app.close();
  });
});
