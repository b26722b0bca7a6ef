import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { Client, testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { run } from '../../platform/context.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { accessLog } from '../../platform/schema.ts';
import { openConflict, takeConflictStep } from './conflict-commands.ts';
import { type ConflictStep, assertConflictStep, conflictTable as table } from './machine.ts';
import { type ConflictState, conflictStates, conflicts } from './schema.ts';
import { supportedTeam } from './test-support.ts';

// Written out apart from machine.ts: up one step at a time, resolved from any step.
const legal: Record<ConflictStep, ConflictState[]> = { 'to-step-2': ['step_1'], 'to-step-3': ['step_2'], resolve: ['step_1', 'step_2', 'step_3'] };
const wayFor: Partial<Record<ConflictStep, string>> = { 'to-step-2': 'coach-led', 'to-step-3': 'facilitated' };
const pathTo: Record<ConflictState, ConflictStep[]> = { step_1: [], step_2: ['to-step-2'], step_3: ['to-step-2', 'to-step-3'], resolved: ['resolve'] };

test('the conflict table allows exactly the legal steps, from every state', () => {
  assert.deepEqual(Object.keys(table).sort(), Object.keys(legal).sort());
  for (const step of Object.keys(legal) as ConflictStep[]) {
    for (const state of conflictStates) {
      if (legal[step].includes(state)) assert.doesNotThrow(() => assertConflictStep(step, state));
      else assert.throws(() => assertConflictStep(step, state), Conflict, `${step} from ${state} must be refused`);
    }
  }
});

describeEachDatabase('conflict support and the pages', (db) => {
  const setUp = async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    return { t, deps, ...(await supportedTeam(deps)) };
  };

  test('conflict support moves up a step at a time with a way and a reason, and is seen only by those it concerns, logged', async () => {
    const { t, deps, teamId, cast, actors } = await setUp();
    const open = () => run(deps, actors.member, openConflict, { teamId, summary: 'Saturday cover', involved: [cast.member.personId, cast.other.personId], way: 'direct', note: 'We both thought the other had it.' });
    await assert.rejects(run(deps, actors.member, openConflict, { teamId, summary: 'x', involved: [cast.outsider.personId], way: 'direct', note: 'n' }), (e: unknown) => e instanceof Invalid && 'involved' in e.fields);
    await assert.rejects(run(deps, actors.outsider, openConflict, { teamId, summary: 'x', involved: [cast.member.personId], way: 'direct', note: 'n' }), NotFound);

    for (const state of conflictStates) {
      const { conflictId } = await open();
      for (const step of pathTo[state]) await run(deps, actors.coach, takeConflictStep, { conflictId, step, way: wayFor[step] ?? '', note: `why ${step}` });
      for (const step of (Object.keys(legal) as ConflictStep[]).filter((s) => !legal[s].includes(state))) {
        await assert.rejects(run(deps, actors.other, takeConflictStep, { conflictId, step, way: wayFor[step] ?? '', note: 'n' }), Conflict, `${step} from ${state}`);
      }
      assert.equal((await t.database.db.select().from(conflicts).where(eq(conflicts.id, conflictId)))[0]?.state, state);
    }

    const { conflictId } = await open();
    await assert.rejects(run(deps, actors.other, takeConflictStep, { conflictId, step: 'to-step-2', note: 'Still stuck.' }), (e: unknown) => e instanceof Invalid && 'way' in e.fields, 'moving up says how');
    await assert.rejects(run(deps, actors.other, takeConflictStep, { conflictId, step: 'to-step-2', way: 'formal', note: 'Still stuck.' }), Invalid, 'a step 3 way is not a step 2 way');
    await assert.rejects(run(deps, actors.other, takeConflictStep, { conflictId, step: 'to-step-2', way: 'local-circle', note: '' }), Invalid, 'moving up says why');
    await run(deps, actors.other, takeConflictStep, { conflictId, step: 'to-step-2', way: 'local-circle', note: 'Still stuck after talking.' });
    await run(deps, actors.owner, takeConflictStep, { conflictId, step: 'resolve', note: 'Agreed alternate Saturdays.' });
    const [row] = await t.database.db.select().from(conflicts).where(eq(conflicts.id, conflictId));
    assert.equal(row?.state, 'resolved');
    assert.equal(row?.resolution, 'Agreed alternate Saturdays.');

    const logged = async () => (await t.database.db.select().from(accessLog).where(and(eq(accessLog.recordType, 'conflict'), eq(accessLog.recordId, conflictId)))).length;
    for (const who of ['member', 'other', 'owner', 'advocate', 'coach'] as const) {
      const c = new Client(t.app);
      await c.signIn(cast[who].email);
      const before = await logged();
      const page = await c.get(`/conflicts/${conflictId}`);
      assert.equal(page.statusCode, 200, `${who} sees it`);
      assert.match(page.body, /Agreed alternate Saturdays/);
      assert.equal((await c.get(`/api/v1/conflicts/${conflictId}`)).statusCode, 200);
      assert.equal(await logged(), before + 2, `${who}'s reads are logged`);
    }
    for (const who of ['lead', 'starter', 'admin', 'outsider'] as const) {
      const c = new Client(t.app);
      await c.signIn(cast[who].email);
      const before = await logged();
      assert.equal((await c.get(`/conflicts/${conflictId}`)).statusCode, 404, `${who} does not`);
      assert.equal((await c.get(`/api/v1/conflicts/${conflictId}`)).statusCode, 404);
      assert.equal(await logged(), before);
    }
    await t.app.close();
  });

  test('the forms keep what was typed and show each error beside its field; the API takes the same commands', async () => {
    const { t, teamId, cast } = await setUp();
    const member = new Client(t.app);
    await member.signIn(cast.member.email);
    const form = `/teams/${teamId}/concerns/new`;
    assert.equal((await member.get(form)).statusCode, 200);
    const refused = await member.submit(form, { summary: '', details: 'The visit ended after 20 minutes.', safeguarding: 'on' });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /id="field-summary-error"[^>]*>Error: Say in a line what the concern is about/);
    assert.match(refused.body, /The visit ended after 20 minutes\./);
    assert.match(refused.body, /name="safeguarding" value="on" checked/);
    const raised = await member.submit(form, { summary: 'Short visits', details: 'The visit ended after 20 minutes.', aboutPersonId: cast.other.personId });
    assert.equal(raised.statusCode, 303);
    const concernUrl = String(raised.headers.location);
    assert.match((await member.get('/concerns')).body, /Short visits/);

    const coach = new Client(t.app);
    await coach.signIn(cast.coach.email);
    const noNote = await coach.submit(concernUrl, { step: 'ask-for-response', note: '' }, `${concernUrl}/steps`);
    assert.equal(noNote.statusCode, 422);
    assert.match(noNote.body, /id="field-note-error"/);
    assert.equal((await coach.submit(concernUrl, { step: 'ask-for-response', note: 'Asked the other for their side.' }, `${concernUrl}/steps`)).statusCode, 303);
    const early = await coach.submit(concernUrl, { step: 'close', note: 'n' }, `${concernUrl}/steps`);
    assert.equal(early.statusCode, 409, 'an illegal step is refused on the page too');
    assert.match(early.body, /cannot be done while the concern is awaiting a response/);
    assert.equal((await member.submit(concernUrl, { step: 'explore', note: 'n' }, `${concernUrl}/steps`)).statusCode, 403, 'the raiser reads but does not handle');
    const subject = new Client(t.app);
    await subject.signIn(cast.other.email);
    assert.equal((await subject.get(concernUrl)).statusCode, 404);

    const conflictForm = `/teams/${teamId}/conflicts/new`;
    const none = await member.submit(conflictForm, { summary: 'Rota', way: 'direct', note: 'Talking.' });
    assert.equal(none.statusCode, 422);
    assert.match(none.body, /id="field-involved-error"[^>]*>Error: Choose who is involved/);
    const token = await member.csrf(conflictForm);
    const body = new URLSearchParams([['_csrf', token], ['summary', 'Rota'], ['involved', cast.member.personId], ['involved', cast.other.personId], ['way', 'with-coach'], ['note', 'Talking with the coach.']]);
    const opened = await t.app.inject({ method: 'POST', url: conflictForm, headers: { cookie: [...member.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
    assert.equal(opened.statusCode, 303);
    assert.match((await subject.get(String(opened.headers.location))).body, /Talking with a coach or a trusted member/);

    const api = await t.app.inject({ method: 'POST', url: `/api/v1/teams/${teamId}/concerns`, headers: { cookie: [...member.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': token }, payload: { summary: 'By the API', details: 'Details.' } });
    assert.equal(api.statusCode, 201, api.body);
    const list = await member.get('/api/v1/concerns');
    assert.ok((JSON.parse(list.body) as { concerns: { summary: string }[] }).concerns.some((c) => c.summary === 'By the API'));
    await t.app.close();
  });
});
