import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { makePerson } from '../../../test/support/app.ts';
import { actorOf, system } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { addMember, leaveCircle } from '../circles/commands/add-member.ts';
import { circleMembers } from '../circles/schema.ts';
import { DAY, FakeClock } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import { Conflict } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { runOneJob } from '../../platform/jobs.ts';
import { notifications } from '../../platform/schema.ts';
import { surveysOpenFor } from './queries.ts';
import { surveyInvitations, surveyResponses } from './schema.ts';
import { answerAll, openedRound, surveySetup } from './test-support.ts';
import './late.ts';

// Late joiners (ADR 0030): who joins a team or circle a round asks, while it is open, is asked
// too (their home page and a notification), and still answers only once.

describeEachDatabase('survey: people who join while a round is open are asked too, once', (db) => {
  const deps = () => ({ database: db(), clock: new FakeClock(new Date('2027-03-01T10:00:00Z')) });
  const invitations = (d: ReturnType<typeof deps>, roundId: string, personId: string) =>
    d.database.db.select().from(surveyInvitations).where(and(eq(surveyInvitations.roundId, roundId), eq(surveyInvitations.personId, personId)));
  const told = async (d: ReturnType<typeof deps>, personId: string, roundId: string) =>
    (await d.database.db.select().from(notifications).where(eq(notifications.personId, personId))).filter((n) => n.href === `/survey/rounds/${roundId}`).length;

  test('joining a circle the round asks: on their home page and told; answering once, even after leaving and joining again', async () => {
    const d = deps();
    const { purpose, local, other, keeper } = await surveySetup(d, { workers: 5, others: 1 });
    // The round asks Calderdale's people only.
    const { roundId } = await openedRound(d, purpose.circleId, keeper, { audienceCircleId: local.circleId });
    const late = await makePerson(d, { name: 'Lena Late' });
    const elsewhere = await makePerson(d, { name: 'Kit Kirklees' });
    assert.equal((await invitations(d, roundId, late.personId)).length, 0);

    d.clock.advance(DAY);
    await run(d, system, addMember, { circleId: local.circleId, personId: late.personId, participation: 'full' });
    await run(d, system, addMember, { circleId: other.circleId, personId: elsewhere.personId, participation: 'full' });
    assert.deepEqual((await invitations(d, roundId, late.personId)).map((i) => i.answered), [false], 'asked as they joined');
    assert.ok((await surveysOpenFor(d.database.db, late.personId, d.clock.now())).some((r) => r.id === roundId), 'on their home page');
    assert.equal(await told(d, late.personId, roundId), 1, 'and told');
    assert.equal((await invitations(d, roundId, elsewhere.personId)).length, 0, 'a circle the round does not ask: not asked');
    assert.equal(await told(d, elsewhere.personId, roundId), 0);

    await answerAll(d, actorOf(late), roundId, 4);
    await assert.rejects(answerAll(d, actorOf(late), roundId, 2), Conflict, 'once only');
    // Leaving and joining again does not ask them again.
    await run(d, actorOf(late), leaveCircle, { circleId: local.circleId });
    await run(d, system, addMember, { circleId: local.circleId, personId: late.personId, participation: 'full' });
    assert.deepEqual((await invitations(d, roundId, late.personId)).map((i) => i.answered), [true]);
    assert.equal(await told(d, late.personId, roundId), 1, 'not told again');
    assert.equal((await surveysOpenFor(d.database.db, late.personId, d.clock.now())).some((r) => r.id === roundId), false);
    await assert.rejects(answerAll(d, actorOf(late), roundId, 2), Conflict, 'still once only');
    assert.equal((await d.database.db.select().from(surveyResponses).where(eq(surveyResponses.roundId, roundId))).length, 1);
  });

  test('someone in the audience by a way that tells no event is asked by the daily sweep; nobody after the round closes', async () => {
    const d = deps();
    const { purpose, local, keeper } = await surveySetup(d, { workers: 5 });
    const { roundId } = await openedRound(d, purpose.circleId, keeper, { audienceCircleId: local.circleId });
    const quiet = await makePerson(d, { name: 'Quinn Quiet' });
    // A membership written without the command (a restore, an import): no event, no hook.
    await d.database.db.insert(circleMembers).values({ id: newId(), circleId: local.circleId, personId: quiet.personId, personName: quiet.name, participation: 'full', joinedAt: d.clock.now() } as typeof circleMembers.$inferInsert);
    assert.equal((await invitations(d, roundId, quiet.personId)).length, 0);
    d.clock.advance(DAY + 60_000);
    while (await runOneJob(d.database, d.clock));
    assert.deepEqual((await invitations(d, roundId, quiet.personId)).map((i) => i.answered), [false], 'asked by the sweep');
    assert.equal(await told(d, quiet.personId, roundId), 1);
    await answerAll(d, actorOf(quiet), roundId, 3);

    // After the close day nobody new is asked.
    d.clock.advance(8 * DAY);
    while (await runOneJob(d.database, d.clock));
    const after = await makePerson(d, { name: 'Ash After' });
    await run(d, system, addMember, { circleId: local.circleId, personId: after.personId, participation: 'full' });
    assert.equal((await invitations(d, roundId, after.personId)).length, 0, 'the round has closed');
  });
});
