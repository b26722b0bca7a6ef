import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { actorOf, circleWith } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import type { Actor } from '../../platform/authz.ts';
import { DAY } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import { Invalid } from '../../platform/errors.ts';
import { draftProposal } from '../decisions/commands/draft-proposal.ts';
import { adoptByConsent } from '../decisions/mandates/test-support.ts';
import { coopSettings } from '../membership/schema.ts';
import { getSetting } from '../membership/settings.ts';
import { createApiToken } from '../people/commands/api-tokens.ts';
import { closeRound } from './commands.ts';
import { roundResults } from './results.ts';
import { surveyRounds } from './schema.ts';
import { answerAll, openedRound, surveySetup } from './test-support.ts';

// The survey's rules as co-op settings (ADR 0030): the fewest answers a group needs to be shown
// (never under five) and the level cut-offs (in order, within the 1 to 5 scale), changed as
// every setting is, by the Members' Circle; and a round's results read with the rules in force
// when it closed, whatever changes after.

describeEachDatabase('survey settings: bounds on every path; results keep the rules they closed with', (db) => {
  const setup = async () => {
    const t = await testApp(db());
    t.clock.set(new Date('2027-03-01T10:00:00Z'));
    const deps = { database: t.database, clock: t.clock };
    // The Members' Circle decides settings: its two full participants consent.
    const members = await circleWith(deps, ['full', 'full'], { name: "Members' Circle" });
    await t.database.db.insert(coopSettings).values({ key: 'membersCircleId', value: members.circleId, changedAt: t.clock.now() }).onConflictDoUpdate({ target: coopSettings.key, set: { value: members.circleId } });
    const [steward, other] = members.people.map(actorOf) as [Actor, Actor];
    const decide = (key: string, value: string) => adoptByConsent(deps, members.circleId, steward, [other], [{ kind: 'change_setting', key, value }]);
    return { t, deps, members, steward, decide };
  };

  test('out-of-bounds values are refused beside the field on the proposal page and by the API and commands; a decision changes them', async () => {
    const { t, deps, members, steward, decide } = await setup();
    // The page path is the project's for every setting: a Members' Circle proposal whose mandate
    // says "change this setting" (its effect form), adopted by consent (ADR 0030).
    const author = new Client(t.app);
    await author.signIn((members.people[0] as { email: string }).email);
    const drafted = await author.submit(`/circles/${members.circleId}/proposals/new`, { title: 'Survey settings', driver: 'Small teams', text: 'Change them', reviewDate: '2028-01-01', inDomain: 'on', effectKind: 'change_setting' });
    assert.equal(drafted.statusCode, 303);
    const effectForm = String(drafted.headers.location);
    const effectPost = effectForm.replace(/\?.*$/, '');
    const secretary = await makePerson(deps, { admin: true });
    const { token } = await run(deps, actorOf(secretary), createApiToken, { label: 'settings' });
    const api = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/membership/settings', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    const bad: [string, string, RegExp][] = [
      ['surveyMinGroup', '4', /Enter 5 or more/],
      ['surveyMinGroup', '0', /Enter 5 or more/],
      ['surveyMinGroup', '5.5', /whole number/],
      ['surveyMinGroup', 'five', /Enter a number of answers/],
      ['surveyLowBelow', '0.5', /from 1 to 5/],
      ['surveyHighFrom', '6', /from 1 to 5/],
      ['surveyLowBelow', '2.345', /two decimals/],
      ['surveyLowBelow', '3.67', /low cut-off must be below the high one \(now 3.67\)/],
      ['surveyHighFrom', '2.2', /high cut-off must be above the low one \(now 2.33\)/],
    ];
    for (const [key, value, message] of bad) {
      const res = await author.submit(effectForm, { kind: 'change_setting', key, value }, effectPost);
      assert.equal(res.statusCode, 422, `${key}=${value} on the page`);
      const beside = /id="field-value-error"[^>]*>[^<]*/.exec(res.body)?.[0] ?? '';
      assert.match(beside, message, `${key}=${value}: the message beside the value field`);
      const json = await api({ key, value, decisionId: '' });
      assert.equal(json.statusCode, 422, `${key}=${value} on the API`);
      assert.match(json.json().error.fields.value, message);
      await assert.rejects(run(deps, steward, draftProposal, { circleId: members.circleId, title: 'Change it', driver: 'd', text: 'x', reviewDate: '2028-01-01', effects: [{ kind: 'change_setting', key, value }] }), (e: unknown) => e instanceof Invalid && Object.values(e.fields).some((m) => message.test(m)), `${key}=${value} in a proposal`);
    }
    assert.deepEqual([await getSetting(t.database.db, 'surveyMinGroup'), await getSetting(t.database.db, 'surveyLowBelow'), await getSetting(t.database.db, 'surveyHighFrom')], [5, 2.33, 3.67], 'nothing changed by a refusal');

    // By the Members' Circle's decision: the bounds hold, and the new values are in force.
    await decide('surveyMinGroup', '6');
    await decide('surveyHighFrom', '4');
    await decide('surveyLowBelow', '3.5');
    assert.deepEqual([await getSetting(t.database.db, 'surveyMinGroup'), await getSetting(t.database.db, 'surveyLowBelow'), await getSetting(t.database.db, 'surveyHighFrom')], [6, 3.5, 4]);
    const secretaryPage = new Client(t.app);
    await secretaryPage.signIn(secretary.email);
    const shown = await secretaryPage.get('/membership/settings');
    assert.match(shown.body, /the fewest answers a group needs to be shown on its own \(5 or more\)<\/td>\s*<td>6<\/td>/);
    // Back to the defaults for the next test (the suite shares its database).
    await decide('surveyLowBelow', '2.33');
    await decide('surveyHighFrom', '3.67');
    await decide('surveyMinGroup', '5');
    await t.app.close();
  });

  test('a closed round keeps the rules it closed with: a later change does not rewrite its results', async () => {
    const { t, deps, decide } = await setup();
    const { purpose, local, keeper } = await surveySetup(deps, { workers: 6 });
    const answered = async (score: number) => {
      const { roundId } = await openedRound(deps, purpose.circleId, keeper, { title: `Round scored ${score}` });
      for (const p of local.people) await answerAll(deps, actorOf(p), roundId, score);
      await run(deps, keeper, closeRound, { roundId });
      const [round] = await t.database.db.select().from(surveyRounds).where(eq(surveyRounds.id, roundId));
      return round as typeof surveyRounds.$inferSelect;
    };
    const first = await answered(4);
    assert.deepEqual([first.minGroup, first.lowBelow, first.highFrom], [5, 2.33, 3.67], 'the round records the rules in force as it closed');
    const before = await roundResults(t.database.db, first, (_id, name) => name);
    assert.equal(before.shown, true);
    assert.equal(before.overall?.domains.growth?.level, 'high', '4 is high from 3.67');

    // The members then ask for seven answers a group and raise the high cut-off to 4.5.
    await decide('surveyMinGroup', '7');
    await decide('surveyHighFrom', '4.5');
    const [again] = await t.database.db.select().from(surveyRounds).where(eq(surveyRounds.id, first.id));
    const after = await roundResults(t.database.db, again as typeof first, (_id, name) => name);
    assert.equal(after.shown, true, 'six answers are still shown for the round that closed under five');
    assert.equal(after.overall?.domains.growth?.level, 'high', 'and 4 is still high there');
    assert.deepEqual(after.rules, { minGroup: 5, lowBelow: 2.33, highFrom: 3.67 });
    const client = new Client(t.app);
    await client.signIn((purpose.people[0] as { email: string }).email);
    const page = await client.get(`/survey/rounds/${first.id}/results`);
    assert.match(page.body, /under 2.33 is low, from 3.67 is high\. A group with fewer than five answers/);

    // A round closing now is read with the new rules: six answers are too few to show.
    deps.clock.advance(DAY);
    const second = await answered(4);
    assert.deepEqual([second.minGroup, second.highFrom], [7, 4.5]);
    const now = await roundResults(t.database.db, second, (_id, name) => name);
    assert.equal(now.shown, false, 'six answers, under the seven now asked for');
    assert.match((await client.get(`/survey/rounds/${second.id}/results`)).body, /Fewer than 7 people answered/);
    await decide('surveyMinGroup', '5');
    await decide('surveyHighFrom', '3.67');
    await t.app.close();
  });
});
