import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../platform/clock.ts';
import { type Ctx, run } from '../../platform/context.ts';
import { Conflict, Invalid, NotAllowed } from '../../platform/errors.ts';
import { makePerson } from '../../../test/support/app.ts';
import { circleWith } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { recordLogbookEntry } from '../circles/commands/record-logbook-entry.ts';
import { adoptedDecision, pendingDecision } from '../decisions/mandates/test-support.ts';
import { createPool } from './commands/create-pool.ts';
import { donateCredits } from './commands/donate-credits.ts';
import { giveCredits } from './commands/give-credits.ts';
import { redistributeCredits } from './commands/redistribute-credits.ts';
import { reverseTransfer } from './commands/reverse-transfer.ts';
import { spendCredits } from './commands/spend-credits.ts';
import { accountOf, poolDetail } from './queries.ts';
import { actorOf, fund, logbookEntry, poolWithAllowance, system } from './test-support.ts';
import { verifyLedger } from './verify.ts';

const fieldError = (field: string, pattern: RegExp) => (e: unknown) =>
  e instanceof Invalid && pattern.test(e.fields[field] ?? '') ? true : assert.fail(`expected ${field} to match ${pattern}, got ${JSON.stringify((e as Invalid).fields ?? String(e))}`);

describeEachDatabase('credit pools, reversals and spending', (db) => {
  const setup = async () => {
    const deps = { database: db(), clock: new FakeClock() };
    const { circleId, people } = await circleWith(deps, ['full', 'learning']);
    const [keeper, learner] = people as unknown as [{ personId: string; name: string }, { personId: string; name: string }];
    const newcomer = await makePerson(deps);
    return { deps, circleId, keeper, learner, newcomer };
  };
  let n = 0;
  const key = () => `key-${(n += 1)}`;

  test('a pool pays out only citing an adopted decision of its circle whose mandate allows it, within its limits', async () => {
    const { deps, circleId, keeper, learner, newcomer } = await setup();
    const { poolId, entryId } = await poolWithAllowance(deps, circleId, 10, 15, { recipients: 'named', recipientIds: [newcomer.personId] });
    await fund(deps, keeper.personId, 30 * 60);
    await run(deps, actorOf(keeper), donateCredits, { poolId, amount: '30', message: 'For newcomers', idempotencyKey: key() });
    const pay = (amount: string, logbookEntryId = entryId, actor = actorOf(keeper)) =>
      run(deps, actor, redistributeCredits, { poolId, toPersonId: newcomer.personId, amount, logbookEntryId, message: 'Welcome!', idempotencyKey: key() });

    const unrelated = await logbookEntry(deps, circleId, 'decision', 'Meet on Tuesdays');
    await assert.rejects(pay('1', unrelated), fieldError('logbookEntryId', /states no effects, so it authorises nothing/));
    const minutes = await logbookEntry(deps, circleId, 'minutes', 'Minutes of March');
    await assert.rejects(pay('1', minutes), fieldError('logbookEntryId', /authorises nothing/));
    const elsewhere = await circleWith(deps, [], { name: 'Elsewhere' });
    await assert.rejects(pay('1', await logbookEntry(deps, elsewhere.circleId)), fieldError('logbookEntryId', /decision of another circle/));
    await assert.rejects(pay('1', undefined, actorOf(learner)), NotAllowed);
    await assert.rejects(pay('1', undefined, actorOf(newcomer)), NotAllowed);

    await assert.rejects(pay('11'), fieldError('amount', /at most 10 credits in one payment/));
    await pay('10');
    await assert.rejects(pay('6'), fieldError('amount', /15 credits in all; 10 credits has been paid, so at most 5 credits more/));
    await pay('5');
    assert.equal((await accountOf(deps.database.db, newcomer.personId))?.balance, 15 * 60);
    const detail = await poolDetail(deps.database.db, poolId);
    assert.equal(detail?.allowances[0]?.paid, 15 * 60);
    assert.equal(detail?.account.balance, 15 * 60);

    // Once the decision is retired, nothing more may be paid under it.
    await run(deps, system, (ctx: Ctx) => recordLogbookEntry(ctx, { circleId, kind: 'policy', title: 'No more gifts', text: 'Stop', authorId: null, reviewDate: null, supersedes: { id: entryId, state: 'retired' } }), {});
    await assert.rejects(pay('1'), fieldError('logbookEntryId', /no longer in force/));
    assert.deepEqual(await verifyLedger(deps.database.db), []);
  });

  test('opening a pool: full participants only, one name per circle; its allowance comes only from an adopted mandate', async () => {
    const { deps, circleId, keeper, learner } = await setup();
    const { poolId } = await run(deps, actorOf(keeper), createPool, { circleId, name: 'Welcome pool' });
    await assert.rejects(run(deps, actorOf(learner), createPool, { circleId, name: 'Mine' }), NotAllowed);
    await assert.rejects(run(deps, actorOf(keeper), createPool, { circleId, name: 'Welcome pool' }), fieldError('name', /already has a pool/));
    const effect = (terms: Record<string, unknown>) => ({ kind: 'allow_pool_payments', poolId, purpose: 'Welcome gifts', recipients: 'circle', perPaymentLimit: '10', totalLimit: '100', ...terms });
    await assert.rejects(pendingDecision(deps, circleId, [effect({ totalLimit: '5' })]), fieldError('totalLimit', /at least the limit for one payment/));
    await assert.rejects(pendingDecision(deps, circleId, [effect({ perPaymentLimit: '-1' })]), fieldError('perPaymentLimit', /greater than zero/));
    await assert.rejects(pendingDecision(deps, circleId, [effect({ recipients: 'named' })]), fieldError('recipientIds', /Name at least one person/));
    await assert.rejects(pendingDecision(deps, circleId, [effect({ payerRole: 'queen' })]), fieldError('payerRole', /Choose a hat/));
    await assert.rejects(pendingDecision(deps, circleId, [effect({ recipientIds: ['x'] })]), fieldError('recipientIds', /Choose the people/));
    await assert.rejects(pendingDecision(deps, circleId, [effect({}), effect({ purpose: 'Twice' })]), fieldError('poolId', /already allows payments from that pool/));
    assert.equal((await poolDetail(deps.database.db, poolId))?.allowances.length, 0, 'a decision not adopted allows nothing');
    const { entryId } = await adoptedDecision(deps, circleId, [effect({})]);
    const [allowance] = (await poolDetail(deps.database.db, poolId))?.allowances ?? [];
    assert.equal(allowance?.allowance.logbookEntryId, entryId);
    assert.equal(allowance?.allowance.totalLimit, 100 * 60);
  });

  test('a transfer is reversed once, by whoever received it, and never into overdraft', async () => {
    const { deps, keeper, learner, newcomer } = await setup();
    await fund(deps, keeper.personId, 120);
    const gift = await run(deps, actorOf(keeper), giveCredits, { toPersonId: learner.personId, amount: '2', message: 'Thanks for the lift', idempotencyKey: key() });
    await assert.rejects(run(deps, actorOf(keeper), reverseTransfer, { transferId: gift.transfer.id }), NotAllowed);
    const back = await run(deps, actorOf(learner), reverseTransfer, { transferId: gift.transfer.id, message: 'Sent by mistake' });
    assert.equal(back.transfer.reversesTransferId, gift.transfer.id);
    assert.equal((await accountOf(deps.database.db, keeper.personId))?.balance, 120);
    assert.equal((await run(deps, actorOf(learner), reverseTransfer, { transferId: gift.transfer.id, message: 'Sent by mistake' })).transfer.id, back.transfer.id, 'the same request again is a retry');
    await assert.rejects(run(deps, actorOf(learner), reverseTransfer, { transferId: gift.transfer.id, message: 'Again' }), /already been reversed/);
    await assert.rejects(run(deps, system, reverseTransfer, { transferId: back.transfer.id }), Conflict);

    const second = await run(deps, actorOf(keeper), giveCredits, { toPersonId: learner.personId, amount: '2', idempotencyKey: key() });
    await run(deps, actorOf(learner), giveCredits, { toPersonId: newcomer.personId, amount: '1.5', idempotencyKey: key() });
    await assert.rejects(run(deps, actorOf(learner), reverseTransfer, { transferId: second.transfer.id }), fieldError('amount', /more than you have \(0.5 credits\)/));
    assert.deepEqual(await verifyLedger(deps.database.db), []);
  });

  test('credits pay for extras, never for regulated care; no account goes below zero', async () => {
    const { deps, keeper, learner } = await setup();
    await fund(deps, keeper.personId, 60);
    const spend = (activity: string, amount = '1') =>
      run(deps, actorOf(keeper), spendCredits, { toPersonId: learner.personId, activity, amount, idempotencyKey: key() });
    await assert.rejects(spend('personal-care'), fieldError('activity', /cannot pay for personal care or medication/));
    await assert.rejects(spend('medication'), fieldError('activity', /regulated care/));
    await assert.rejects(spend('walks', '1.25'), fieldError('amount', /more than you have \(1 credit\)/));
    for (const bad of ['abc', '-1', '0', '0.01', '', '1e3', '20000']) await assert.rejects(spend('walks', bad), fieldError('amount', /./), bad);
    const walk = await spend('dog-walks', '0:45');
    assert.equal(walk.transfer.amount, 45);
    assert.equal(walk.transfer.activity, 'dog-walks');
    await assert.rejects(run(deps, actorOf(keeper), giveCredits, { toPersonId: keeper.personId, amount: '0.25', idempotencyKey: key() }), fieldError('toPersonId', /other than yourself/));
    assert.deepEqual(await verifyLedger(deps.database.db), []);
  });
});
