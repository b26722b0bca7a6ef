import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { actorOf } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { run } from '../../platform/context.ts';
import { createApiToken } from '../people/commands/api-tokens.ts';
import { adoptedDecision } from '../decisions/mandates/test-support.ts';
import { surveyResponses, surveyRounds } from './schema.ts';
import { answerAll, openedRound, roundEffect, surveySetup } from './test-support.ts';

describeEachDatabase('survey pages and API: every path asks the same rules', (db) => {
  const setup = async () => {
    const t = await testApp(db());
    t.clock.set(new Date('2027-03-01T10:00:00Z'));
    const deps = { database: t.database, clock: t.clock };
    const s = await surveySetup(deps, { workers: 6, others: 4 });
    const signedIn = async (p: { email: string }) => {
      const c = new Client(t.app);
      await c.signIn(p.email);
      return c;
    };
    const api = async (p: { personId: string; name: string }, method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const { token } = await run(deps, actorOf(p), createApiToken, { label: 'survey' });
      return t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });
    };
    return { t, deps, ...s, signedIn, api };
  };

  test('only a full participant opens a round, and only on the circle’s decision: page GET and POST, and the API', async () => {
    const { deps, purpose, local, signedIn, api } = await setup();
    const { entryId } = await adoptedDecision(deps, purpose.circleId, [roundEffect(deps)], 'Run the survey');
    const page = `/circles/${purpose.circleId}/survey`;
    const learner = await signedIn(purpose.people[2] as never);
    const learnerPage = await learner.get(page);
    assert.equal(learnerPage.statusCode, 200);
    assert.doesNotMatch(learnerPage.body, /Open the round/, 'no form offered to a learning participant');
    const token = await learner.csrf(`/circles/${purpose.circleId}/survey/statements`).catch(() => learner.csrf('/me/profile'));
    assert.equal((await learner.post(page, { _csrf: token, decisionId: entryId })).statusCode, 403);
    const outsider = await signedIn(local.people[0] as never);
    assert.equal((await outsider.post(page, { _csrf: await outsider.csrf('/me/profile'), decisionId: entryId })).statusCode, 403);
    assert.equal((await api(local.people[0] as never, 'POST', `/api/v1/circles/${purpose.circleId}/survey/rounds`, { decisionId: entryId })).statusCode, 403);
    assert.equal((await deps.database.db.select().from(surveyRounds)).length, 0, 'no round opened by a refusal');

    const keeper = await signedIn(purpose.people[0] as never);
    const form = await keeper.get(page);
    assert.match(form.body, /Open the round/);
    assert.match(form.body, new RegExp(entryId));
    const wrong = await keeper.submit(page, { decisionId: '' });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /id="field-decisionId-error"/);
    const opened = await keeper.submit(page, { decisionId: entryId });
    assert.equal(opened.statusCode, 303);
    assert.match(String(opened.headers.location), /^\/survey\/rounds\/[0-9a-f-]+$/);
    const again = await api(purpose.people[1] as never, 'POST', `/api/v1/circles/${purpose.circleId}/survey/rounds`, { decisionId: entryId });
    assert.equal(again.statusCode, 422, 'the decision is used up, whichever path asks');
  });

  test('answering on the page: big labelled choices, errors beside each statement, once only; results with charts, tables and CSV', async () => {
    const { deps, purpose, local, other, keeper, signedIn, api } = await setup();
    const { roundId } = await openedRound(deps, purpose.circleId, keeper);
    const base = `/survey/rounds/${roundId}`;
    const worker = await signedIn(local.people[0] as never);
    const home = await api(local.people[0] as never, 'GET', '/api/v1/survey/open');
    // (The first test's round for everyone is still open: it asked them too as they joined, late.ts.)
    assert.ok(home.json().rounds.map((r: { href: string }) => r.href).includes(base));
    const form = await worker.get(base);
    assert.equal(form.statusCode, 200);
    assert.equal((form.body.match(/<fieldset class="scale"/g) ?? []).length, 6, 'six statements for workers and volunteers');
    assert.match(form.body, /<label for="s-[0-9a-f-]+-5"><input [^>]*type="radio"[^>]*\/> Completely true<\/label>/);
    const missing = await worker.submit(base, { about: local.circleId });
    assert.equal(missing.statusCode, 422);
    assert.equal((missing.body.match(/class="field-error"/g) ?? []).length, 6);
    const ids = [...form.body.matchAll(/name="(s-[0-9a-f-]+)" value="4"/g)].map((m) => m[1] as string);
    const answers = Object.fromEntries(ids.map((id) => [id, '4']));
    const sent = await worker.submit(base, { about: local.circleId, ...answers });
    assert.equal(sent.statusCode, 303);
    const after = await worker.get(base);
    assert.match(after.body, /your answers are in/);
    assert.doesNotMatch(after.body, /type="radio"/);
    const token = await worker.csrf('/me/profile');
    assert.equal((await worker.post(base, { _csrf: token, about: local.circleId, ...answers })).statusCode, 409, 'a second answer is refused');
    assert.equal((await deps.database.db.select().from(surveyResponses).where(eq(surveyResponses.roundId, roundId))).length, 1);
    // Someone the round does not ask, outside the circle: the round's page (circles are open to
    // all), with nothing to answer, and no results.
    const stranger = await signedIn(await makePerson(deps));
    const seen = await stranger.get(base);
    assert.equal(seen.statusCode, 200);
    assert.doesNotMatch(seen.body, /type="radio"|of \d+ people asked/);
    assert.equal((await stranger.get(`${base}/results`)).statusCode, 404);

    for (const p of local.people.slice(1)) await answerAll(deps, actorOf(p), roundId, 3);
    for (const p of other.people) await answerAll(deps, actorOf(p), roundId, 1);
    assert.equal((await api(local.people[0] as never, 'POST', `${'/api/v1'}${base}/close`, {})).statusCode, 403, 'only the circle closes it');
    const keeperClient = await signedIn(purpose.people[0] as never);
    assert.equal((await keeperClient.post(`${base}/close`, { _csrf: await keeperClient.csrf(base) })).statusCode, 303);
    const results = await keeperClient.get(`${base}/results`);
    assert.equal(results.statusCode, 200);
    assert.match(results.body, /<svg role="img"/);
    assert.match(results.body, /<table>/);
    assert.match(results.body, /10 people answered/);
    assert.doesNotMatch(results.body, /Kirklees/, 'the circle of four is folded away');
    assert.match(results.body, /proposals\/new\?title=/);
    const csv = await keeperClient.get(`${base}/results.csv`);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(csv.body, /^section,row,domain,statement,answers,average,level,change\n/);
    assert.doesNotMatch(csv.body, /Kirklees/);
    const json = await api(purpose.people[1] as never, 'GET', `/api/v1${base}/results`);
    assert.equal(json.json().results.answers, 10);
    assert.ok(json.json().results.byCircle.every((r: { answers: number }) => r.answers >= 5));
  });
});
