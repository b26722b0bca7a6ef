import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../../platform/authz.ts';
import { DAY, FakeClock } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import type { Database } from '../../../platform/db.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { Client, makePerson, testApp } from '../../../../test/support/app.ts';
import { actorOf, circleWith, system } from '../../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { addMember } from '../../circles/commands/add-member.ts';
import { assignHat } from '../../circles/commands/assign-hat.ts';
import { createCircle } from '../../circles/commands/create-circle.ts';
import { recordLogbookEntry } from '../../circles/commands/record-logbook-entry.ts';
import { circleHats } from '../../circles/queries.ts';
import { circleMembers, logbookEntries } from '../../circles/schema.ts';
import { memberships } from '../../membership/schema.ts';
import { createApiToken } from '../../people/commands/api-tokens.ts';
import { people } from '../../people/schema.ts';
import { answerAppeal, decideAppeal, openAppeal, signAppeal } from './commands.ts';
import { appealAnswers, appealSigners, appeals } from './schema.ts';

type Deps = { database: Database; clock: FakeClock };

/** A person admitted to the co-op (or in another membership state) in one class. */
async function coopMember(deps: Deps, state: 'admitted' | 'probation' | 'applied' | 'left' = 'admitted') {
  const p = await makePerson(deps);
  const now = deps.clock.now();
  await deps.database.db.insert(memberships).values({ id: randomUUID(), personId: p.personId, memberClass: 'worker', workerKind: 'volunteer', state, appliedAt: now, updatedAt: now });
  return actorOf(p);
}

/**
 * A Local Circle (parent, three full participants) and a circle under it (two full, one of
 * them its Delegate), with a policy in force in the circle recorded by the parent's first
 * participant (so that person made the decision and never sits on its panel).
 */
async function setUp(deps: Deps) {
  const { circleId: parent, people: parentPeople } = await circleWith(deps, ['full', 'full', 'full'], { name: 'Purpose' });
  const { circleId, people } = await circleWith(deps, ['full', 'full'], { parentId: parent });
  const hats = await circleHats(deps.database.db, circleId, deps.clock.now());
  await run(deps, system, assignHat, { hatId: hats.find((h) => h.role === 'delegate')?.id as string, personId: people[0]?.personId as string });
  const [maker, p2, p3] = parentPeople.map((p) => actorOf(p as never)) as [Actor, Actor, Actor];
  const { entryId } = await run(deps, system, (ctx) =>
    recordLogbookEntry(ctx, { circleId, kind: 'policy', title: 'Visits end by 9pm', text: 'No visits after 9pm.', authorId: maker.personId, reviewDate: '2027-01-01' }), {});
  const [delegate, other] = people.map((p) => actorOf(p as never)) as [Actor, Actor];
  return { parent, circleId, entryId, maker, p2, p3, delegate, other };
}

/** Three unrelated co-op members open and sign an appeal: it is then with the circle. */
async function appealToCircle(deps: Deps, entryId: string) {
  const [s1, s2, s3] = [await coopMember(deps), await coopMember(deps), await coopMember(deps)];
  const { appealId } = await run(deps, s1, openAppeal, { logbookEntryId: entryId, grounds: 'Some people need evening support after late shifts.' });
  await run(deps, s2, signAppeal, { appealId, reason: 'My mother needs late visits.' });
  assert.equal((await run(deps, s3, signAppeal, { appealId, reason: 'Evenings matter to many of us.' })).state, 'circle_review');
  return { appealId, signers: [s1, s2, s3] };
}

const stateOf = async (deps: Deps, appealId: string) => (await deps.database.db.select().from(appeals).where(eq(appeals.id, appealId)))[0];

describeEachDatabase('appeals', (db) => {
  test('only unrelated members of the co-op sign: not someone only invited, on probation, or who has left', async () => {
    const clock = new FakeClock();
    const deps = { database: db(), clock };
    const { entryId, parent } = await setUp(deps);
    const invited = actorOf(await makePerson(deps));
    await assert.rejects(run(deps, invited, openAppeal, { logbookEntryId: entryId, grounds: 'Some people need evening support after late shifts.' }), NotAllowed);
    assert.equal((await deps.database.db.select().from(appeals).where(eq(appeals.logbookEntryId, entryId))).length, 0, 'nothing opened');

    const s1 = await coopMember(deps);
    const { appealId } = await run(deps, s1, openAppeal, { logbookEntryId: entryId, grounds: 'Some people need evening support after late shifts.' });
    for (const state of ['probation', 'applied', 'left'] as const) {
      await assert.rejects(run(deps, await coopMember(deps, state), signAppeal, { appealId, reason: 'I agree with this.' }), NotAllowed, state);
    }
    await assert.rejects(run(deps, invited, signAppeal, { appealId, reason: 'I agree with this.' }), NotAllowed);
    // s1 and s4 share a team, so they are related.
    const s4 = await coopMember(deps);
    const { circleId: team } = await run(deps, system, createCircle, { name: 'T', kind: 'team', aim: 'a', domain: 'd', parentId: parent, ownerId: s1.personId });
    await run(deps, system, addMember, { circleId: team, personId: s4.personId });
    await run(deps, system, addMember, { circleId: team, personId: s1.personId });
    await assert.rejects(run(deps, s4, signAppeal, { appealId, reason: 'I agree with this.' }), Conflict);
    assert.equal((await deps.database.db.select().from(appealSigners).where(eq(appealSigners.appealId, appealId))).length, 1, 'only the opener has signed');
    assert.equal((await stateOf(deps, appealId))?.state, 'gathering');
  });

  test('the circle and then the panel decide by the consent of every member, never one; the decision maker is not on the panel', async () => {
    const clock = new FakeClock();
    const deps = { database: db(), clock };
    const { entryId, maker, p2, p3, delegate, other } = await setUp(deps);
    const { appealId, signers } = await appealToCircle(deps, entryId);

    // Only the circle's full participants answer for it; a signer or the parent cannot.
    await assert.rejects(run(deps, signers[0] as Actor, decideAppeal, { appealId, step: 'to-panel', note: 'We could not agree.' }), NotAllowed);
    await assert.rejects(run(deps, p2, decideAppeal, { appealId, step: 'circle-dismiss', note: 'We could not agree.' }), NotAllowed);
    await assert.rejects(run(deps, delegate, decideAppeal, { appealId, step: 'panel-uphold', note: 'We could not agree.' }), Conflict);
    // One participant puts an outcome: it is not decided while the other has not consented.
    assert.equal((await run(deps, delegate, decideAppeal, { appealId, step: 'circle-dismiss', note: 'The rule protects night staff.' })).state, 'circle_review');
    await assert.rejects(run(deps, other, answerAppeal, { appealId, answer: 'objection' }), Invalid, 'an objection needs its reason');
    assert.equal((await run(deps, other, answerAppeal, { appealId, answer: 'objection', reason: 'Late visits are part of our aim.' })).state, 'circle_review');
    // A different outcome clears the answers; both consent, and only then it passes to the panel.
    assert.equal((await run(deps, other, decideAppeal, { appealId, step: 'to-panel', note: 'We could not agree in the circle.' })).state, 'circle_review');
    assert.equal((await deps.database.db.select().from(appealAnswers).where(eq(appealAnswers.appealId, appealId))).length, 1, 'the earlier answers are cleared');
    assert.equal((await run(deps, delegate, answerAppeal, { appealId, answer: 'consent' })).state, 'panel_review');

    // The panel: the circle's Delegate and the parent's full participants, less the decision maker.
    const panel = (await stateOf(deps, appealId))?.panel ?? [];
    assert.deepEqual(new Set(panel), new Set([delegate.personId, p2.personId, p3.personId]));
    await assert.rejects(run(deps, maker, decideAppeal, { appealId, step: 'panel-dismiss', note: 'The decision was sound.' }), NotAllowed, 'the maker is not on the panel');
    await assert.rejects(run(deps, maker, answerAppeal, { appealId, answer: 'consent' }), NotAllowed);
    await assert.rejects(run(deps, other, decideAppeal, { appealId, step: 'panel-dismiss', note: 'The decision was sound.' }), NotAllowed, 'nor the rest of the circle');
    assert.equal((await run(deps, p2, decideAppeal, { appealId, step: 'panel-uphold', note: 'Evening support is part of our aim.' })).state, 'panel_review');
    assert.equal((await run(deps, delegate, answerAppeal, { appealId, answer: 'consent' })).state, 'panel_review', 'two of three is not consent');
    const [still] = await deps.database.db.select().from(logbookEntries).where(eq(logbookEntries.id, entryId));
    assert.equal(still?.state, 'in_force', 'nothing changed before every panel member consented');
    assert.equal((await run(deps, p3, answerAppeal, { appealId, answer: 'consent' })).state, 'upheld');
    const [entry] = await deps.database.db.select().from(logbookEntries).where(eq(logbookEntries.id, entryId));
    assert.equal(entry?.state, 'retired');
    await assert.rejects(run(deps, p3, answerAppeal, { appealId, answer: 'consent' }), Conflict, 'decided is decided');
  });

  test('a panel member who has left no longer answers and is no longer waited for; a circle of one only passes it on', async () => {
    const clock = new FakeClock();
    const deps = { database: db(), clock };
    const { circleId: parent, people: parentPeople } = await circleWith(deps, ['full', 'full', 'full'], { name: 'Purpose' });
    const { circleId, people } = await circleWith(deps, ['full'], { parentId: parent });
    const { entryId } = await run(deps, system, (ctx) => recordLogbookEntry(ctx, { circleId, kind: 'policy', title: 'Rota by Friday', text: 'Rotas are out by Friday.', authorId: null, reviewDate: '2027-01-01' }), {});
    const { appealId } = await appealToCircle(deps, entryId);
    const alone = actorOf(people[0] as never);
    // One full participant cannot dismiss or revise alone...
    assert.equal((await run(deps, alone, decideAppeal, { appealId, step: 'circle-dismiss', note: 'It works for most of us.' })).state, 'circle_review');
    // ...but can pass it to the panel, which decides nothing about the decision itself.
    assert.equal((await run(deps, alone, decideAppeal, { appealId, step: 'to-panel', note: 'We are one person: the panel decides.' })).state, 'panel_review');
    const [a, b, c] = parentPeople.map((p) => actorOf(p as never)) as [Actor, Actor, Actor];
    await run(deps, a, decideAppeal, { appealId, step: 'panel-dismiss', note: 'Friday rotas help everyone plan.' });
    await run(deps, b, answerAppeal, { appealId, answer: 'consent' });
    clock.advance(DAY);
    await deps.database.db.update(circleMembers).set({ leftAt: clock.now() }).where(eq(circleMembers.personId, c.personId));
    await assert.rejects(run(deps, c, answerAppeal, { appealId, answer: 'objection', reason: 'I left but still object.' }), NotAllowed);
    // With the one who left no longer on it, the two who remain have both consented: the next answer settles it.
    assert.equal((await run(deps, b, answerAppeal, { appealId, answer: 'consent' })).state, 'dismissed');
  });

  test('through the API and the pages too: the decision maker and a signer are refused on the panel, and nothing changes', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { entryId, maker, p2, delegate, other } = await setUp(deps);
    const { appealId, signers } = await appealToCircle(deps, entryId);
    await run(deps, delegate, decideAppeal, { appealId, step: 'to-panel', note: 'We could not agree in the circle.' });
    await run(deps, other, answerAppeal, { appealId, answer: 'consent' });
    await run(deps, p2, decideAppeal, { appealId, step: 'panel-dismiss', note: 'The rule protects night staff.' });
    const before = await stateOf(deps, appealId);
    const answersBefore = (await t.database.db.select().from(appealAnswers).where(eq(appealAnswers.appealId, appealId))).length;
    for (const who of [maker, signers[0] as Actor]) {
      const [row] = await t.database.db.select({ email: people.email }).from(people).where(eq(people.id, who.personId));
      const { token } = await run(t, who, createApiToken, { label: 'appeal' });
      const api = await t.app.inject({ method: 'POST', url: `/api/v1/appeals/${appealId}/answer`, headers: { authorization: `Bearer ${token}` }, payload: { answer: 'consent' } });
      assert.equal(api.statusCode, 403, 'the API refuses');
      const c = new Client(t.app);
      await c.signIn(row?.email as string);
      const page = await c.submit(`/appeals/${appealId}`, { step: 'panel-uphold', note: 'I made it, I know best.' }, `/appeals/${appealId}/decide`);
      assert.equal(page.statusCode, 403, 'the page form refuses');
    }
    const after = await stateOf(deps, appealId);
    assert.equal(after?.state, before?.state);
    assert.equal(after?.proposedStep, 'panel-dismiss', 'the outcome put stands');
    assert.equal((await t.database.db.select().from(appealAnswers).where(eq(appealAnswers.appealId, appealId))).length, answersBefore);
    await t.app.close();
  });

  test('a team logbook entry and a confidential one: not shown, not even by title, on the appeal form to others', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId: local } = await circleWith(deps, ['full'], { name: 'Local' });
    const owner = await makePerson(deps);
    const { circleId: team } = await run(deps, system, createCircle, { name: "Rose's Team", kind: 'team', aim: 'Rose lives well.', domain: 'Her support.', parentId: local, ownerId: owner.personId });
    const { entryId: teamEntry } = await run(deps, system, (ctx) => recordLogbookEntry(ctx, { circleId: team, kind: 'policy', title: 'Rose private bathing routine', text: 'Private.', authorId: null, reviewDate: null }), {});
    const { entryId: secret } = await run(deps, system, (ctx) => recordLogbookEntry(ctx, { circleId: local, kind: 'decision', title: 'Sam hospital leave', text: 'Private.', authorId: null, reviewDate: null, confidential: true }), {});
    const outsider = await makePerson(deps);
    await t.database.db.insert(memberships).values({ id: randomUUID(), personId: outsider.personId, memberClass: 'worker', workerKind: 'volunteer', state: 'admitted', appliedAt: t.clock.now(), updatedAt: t.clock.now() });
    const client = new Client(t.app);
    await client.signIn(outsider.email);
    for (const [id, title] of [[teamEntry, 'Rose private bathing routine'], [secret, 'Sam hospital leave']] as const) {
      const res = await client.get(`/logbook/${id}/appeal`);
      assert.equal(res.statusCode, 404);
      assert.doesNotMatch(res.body, new RegExp(title));
      await assert.rejects(run(deps, actorOf(outsider), openAppeal, { logbookEntryId: id, grounds: 'Some people need evening support after late shifts.' }), NotFound);
    }
    const owners = new Client(t.app);
    await owners.signIn(owner.email);
    assert.match((await owners.get(`/logbook/${teamEntry}/appeal`)).body, /Rose private bathing routine/, "the team's owner sees it");
    await t.app.close();
  });
});
