import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { actorOf } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { makePerson } from '../../../test/support/app.ts';
import type { Actor } from '../../platform/authz.ts';
import { DAY, FakeClock } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../platform/errors.ts';
import { agendaItems, meetings } from '../circles/meetings/schema.ts';
import { adoptedDecision } from '../decisions/mandates/test-support.ts';
import { answerRound } from './answer.ts';
import { closeRound, openRound } from './commands.ts';
import { surveysOpenFor } from './queries.ts';
import { roundResults } from './results.ts';
import { surveyAnswers, surveyInvitations, surveyResponses, surveyRounds } from './schema.ts';
import { answerAll, openedRound, roundEffect, surveySetup } from './test-support.ts';

const refused = (field: string, pattern: RegExp) => (e: unknown) =>
  e instanceof Invalid && pattern.test(e.fields[field] ?? '') ? true : assert.fail(`expected ${field} ~ ${pattern}, got ${e instanceof Invalid ? JSON.stringify(e.fields) : String(e)}`);

describeEachDatabase('social climate survey: rounds by consent, anonymous answers, results by the rule of five', (db) => {
  const deps = () => ({ database: db(), clock: new FakeClock(new Date('2027-03-01T10:00:00Z')) });

  test('a round opens only on an adopted decision of the circle that says so, by a full participant, once', async () => {
    const d = deps();
    const { purpose, local, keeper, second, learner } = await surveySetup(d);
    const open = (who: Actor, decisionId: string, circleId = purpose.circleId) => run(d, who, openRound, { circleId, decisionId });
    const plain = (await adoptedDecision(d, purpose.circleId, [], 'Meet on Tuesdays')).entryId;
    await assert.rejects(open(keeper, plain), refused('decisionId', /states no effects/));
    const elsewhere = (await adoptedDecision(d, local.circleId, [roundEffect(d)])).entryId;
    await assert.rejects(open(keeper, elsewhere), refused('decisionId', /decision of another circle/));
    await assert.rejects(open(keeper, 'not-a-decision'), refused('decisionId', /Choose the adopted decision/));
    const { entryId } = await adoptedDecision(d, purpose.circleId, [roundEffect(d)], 'Run the survey');
    await assert.rejects(open(learner, entryId), NotAllowed, 'a learning participant does not open a round');
    const admin = actorOf(await makePerson(d, { admin: true }));
    await assert.rejects(open({ ...admin, isAdmin: true }, entryId), NotAllowed, 'an admin outside the circle does not either');
    await assert.rejects(open(actorOf(local.people[0] as never), entryId), NotAllowed, 'nor a member of another circle');
    assert.equal((await d.database.db.select().from(surveyRounds).where(eq(surveyRounds.circleId, purpose.circleId))).length, 0, 'nothing written by the refusals');

    const { roundId } = await open(second, entryId);
    const [round] = await d.database.db.select().from(surveyRounds).where(eq(surveyRounds.id, roundId));
    assert.equal(round?.title, 'Spring round');
    assert.equal(round?.logbookEntryId, entryId);
    await assert.rejects(open(keeper, entryId), refused('decisionId', /used already/), 'one decision, one round');
    const asked = await d.database.db.select().from(surveyInvitations).where(eq(surveyInvitations.roundId, roundId));
    assert.equal(asked.length, 3 + 6, 'everyone in the co-op’s circles is asked');
    // A round whose close day has passed cannot be opened late.
    const old = (await adoptedDecision(d, purpose.circleId, [roundEffect(d, { opensOn: '2027-01-01', closesOn: '2027-01-31' })])).entryId;
    await assert.rejects(open(keeper, old), refused('decisionId', /which has passed/));
    // One Local Circle's people only.
    const { roundId: localRound } = await openedRound(d, purpose.circleId, keeper, { audienceCircleId: local.circleId });
    assert.equal((await d.database.db.select().from(surveyInvitations).where(eq(surveyInvitations.roundId, localRound))).length, 6);
  });

  test('nobody answers twice, not even twice at once; the answer is stored without the person', async () => {
    const d = deps();
    const { purpose, local, keeper } = await surveySetup(d);
    const { roundId } = await openedRound(d, purpose.circleId, keeper);
    const worker = actorOf(local.people[0] as never);
    // (An earlier test's round for everyone is still open, and asks them too as they joined: late.ts.)
    const onList = async () => (await surveysOpenFor(d.database.db, worker.personId, d.clock.now())).some((r) => r.id === roundId);
    assert.equal(await onList(), true, 'the round is on their list');
    await answerAll(d, worker, roundId, 4, undefined, 'Good training this year');
    assert.equal(await onList(), false, 'and off it once answered');
    await assert.rejects(answerAll(d, worker, roundId, 2), Conflict);
    const twin = actorOf(local.people[1] as never);
    const both = await Promise.allSettled([answerAll(d, twin, roundId, 5), answerAll(d, twin, roundId, 1)]);
    assert.equal(both.filter((r) => r.status === 'fulfilled').length, 1, 'exactly one of two answers at once is kept');
    assert.ok(both.some((r) => r.status === 'rejected' && r.reason instanceof Conflict));
    const responses = await d.database.db.select().from(surveyResponses).where(eq(surveyResponses.roundId, roundId));
    assert.equal(responses.length, 2);
    assert.ok(responses.every((r) => r.stakeholderGroup === 'worker' && r.circleId === local.circleId));
    // Someone not asked, and an answer missing a score, are refused and write nothing.
    const stranger = actorOf(await makePerson(d));
    await assert.rejects(answerAll(d, stranger, roundId, 3), NotFound);
    const third = actorOf(local.people[2] as never);
    await assert.rejects(run(d, third, answerRound, { roundId }), (e: unknown) => e instanceof Invalid && Object.keys(e.fields).length === 6);
    assert.equal((await d.database.db.select().from(surveyResponses).where(eq(surveyResponses.roundId, roundId))).length, 2);
    const [inv] = await d.database.db.select().from(surveyInvitations).where(and(eq(surveyInvitations.roundId, roundId), eq(surveyInvitations.personId, third.personId)));
    assert.equal(inv?.answered, false);
  });

  test('the answer tables hold no person and no time: nothing links an answer to its author', async () => {
    const d = deps();
    const cols = await d.database.db.execute(sql`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_name IN ('survey_responses', 'survey_answers') ORDER BY 1, 2`);
    const rows = (cols as unknown as { rows: { table_name: string; column_name: string; data_type: string }[] }).rows;
    assert.deepEqual(rows.map((r) => `${r.table_name}.${r.column_name}`), ['survey_answers.comment', 'survey_answers.response_id', 'survey_answers.score', 'survey_answers.statement_id', 'survey_responses.circle_id', 'survey_responses.id', 'survey_responses.round_id', 'survey_responses.stakeholder_group']);
    assert.ok(rows.every((r) => !/time|date/.test(r.data_type)), 'no time or date column');
    const fks = await d.database.db.execute(sql`SELECT ccu.table_name AS parent FROM information_schema.table_constraints tc JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name IN ('survey_responses', 'survey_answers')`);
    const parents = (fks as unknown as { rows: { parent: string }[] }).rows.map((r) => r.parent);
    assert.ok(!parents.includes('people') && !parents.includes('survey_invitations'), `no key to a person: ${parents.join(', ')}`);
    const inv = await d.database.db.execute(sql`SELECT column_name FROM information_schema.columns WHERE table_name = 'survey_invitations' ORDER BY 1`);
    assert.deepEqual((inv as unknown as { rows: { column_name: string }[] }).rows.map((r) => r.column_name), ['answered', 'person_id', 'round_id'], 'the "has answered" row has no time, token or answer');
  });

  test('results: a group of four is never shown on its own, nor worked out by subtraction; change since the last round', async () => {
    const d = deps();
    const { purpose, local, other, keeper, second } = await surveySetup(d, { workers: 6, others: 4 });
    const answerEveryone = async (roundId: string, score: (i: number) => number) => {
      for (const [i, p] of local.people.entries()) await answerAll(d, actorOf(p), roundId, score(i), undefined, i === 0 ? 'More peer support please' : undefined);
      for (const p of other.people) await answerAll(d, actorOf(p), roundId, 1);
    };
    const first = await openedRound(d, purpose.circleId, keeper, { title: 'Autumn' });
    await answerEveryone(first.roundId, () => 3);
    await run(d, second, closeRound, { roundId: first.roundId });
    d.clock.advance(30 * DAY);
    const next = await openedRound(d, purpose.circleId, keeper, { title: 'Spring' });
    await answerEveryone(next.roundId, (i) => (i < 3 ? 5 : 4));
    const [meeting] = await d.database.db.insert(meetings).values({ id: crypto.randomUUID(), circleId: purpose.circleId, startsAt: new Date(d.clock.now().getTime() + 3 * DAY), place: 'Square Chapel', scheduledBy: keeper.personId, createdAt: d.clock.now() }).returning();
    await run(d, keeper, closeRound, { roundId: next.roundId });
    await assert.rejects(run(d, keeper, closeRound, { roundId: next.roundId }), Conflict);

    const [round] = await d.database.db.select().from(surveyRounds).where(eq(surveyRounds.id, next.roundId));
    assert.equal(round?.agendaMeetingId, meeting?.id, 'the results are on the circle’s next meeting');
    const items = await d.database.db.select().from(agendaItems).where(eq(agendaItems.meetingId, meeting?.id as string));
    assert.match(items[0]?.title ?? '', /Social climate survey results: Spring/);

    const results = await roundResults(d.database.db, round as never, (_id, name) => name);
    assert.equal(results.answers, 10);
    // Calder has 6, Kirklees 4: Kirklees alone would be 4, "others" of 4 alone too, so both fold.
    assert.deepEqual(results.byCircle.map((r) => [r.key, r.answers]), [['others', 10]]);
    assert.ok(results.byCircle.every((r) => r.answers >= 5));
    assert.deepEqual(results.byGroup.map((r) => [r.key, r.answers]), [['worker', 10]]);
    const growth = results.overall?.domains.growth;
    assert.equal(growth?.mean.toFixed(2), ((3 * 5 + 3 * 4 + 4 * 1) / 10).toFixed(2));
    assert.equal(growth?.change?.toFixed(2), (((3 * 5 + 3 * 4 + 4) - (6 * 3 + 4)) / 10).toFixed(2), 'change since Autumn');
    assert.equal(results.previous?.title, 'Autumn');
    assert.ok(results.statements.length === 6 && results.statements.every((s) => s.answers === 10));
    assert.deepEqual(results.statements[0]?.comments, ['More peer support please']);
    assert.equal(results.byCircle.some((r) => r.label.includes('Kirklees')), false);
  });

  test('fewer than five answers in all: nothing is shown', async () => {
    const d = deps();
    const { purpose, local, keeper } = await surveySetup(d, { workers: 4 });
    const { roundId } = await openedRound(d, purpose.circleId, keeper, { audienceCircleId: local.circleId });
    for (const p of local.people) await answerAll(d, actorOf(p), roundId, 2);
    await run(d, keeper, closeRound, { roundId });
    const [round] = await d.database.db.select().from(surveyRounds).where(eq(surveyRounds.id, roundId));
    const results = await roundResults(d.database.db, round as never, (_id, name) => name);
    assert.equal(results.shown, false);
    assert.equal(results.overall, null);
    assert.deepEqual([results.byGroup, results.byCircle, results.statements], [[], [], []]);
    assert.equal((await d.database.db.select().from(surveyAnswers)).length > 0, true);
  });
});
