import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { makePerson } from '../../../../test/support/app.ts';
import { actorOf, circleWith, system } from '../../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import type { Actor } from '../../../platform/authz.ts';
import { FakeClock } from '../../../platform/clock.ts';
import { type Ctx, run } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed } from '../../../platform/errors.ts';
import { createCircle } from '../../circles/commands/create-circle.ts';
import { circles } from '../../circles/schema.ts';
import { createPool } from '../../credits/commands/create-pool.ts';
import { donateCredits } from '../../credits/commands/donate-credits.ts';
import { redistributeCredits } from '../../credits/commands/redistribute-credits.ts';
import { accountOf } from '../../credits/queries.ts';
import { fund } from '../../credits/test-support.ts';
import { verifyLedger } from '../../credits/verify.ts';
import { applyForMembership, changeMembership } from '../../membership/commands/apply.ts';
import { changeSetting } from '../../membership/commands/settings.ts';
import { coopSettings, memberships } from '../../membership/schema.ts';
import { getSetting } from '../../membership/settings.ts';
import { advanceProposal } from '../commands/advance-proposal.ts';
import { closeRound, settleByResolution } from '../commands/close-round.ts';
import { draftProposal } from '../commands/draft-proposal.ts';
import { recordResponse } from '../commands/record-response.ts';
import { startConsentRound } from '../commands/start-consent-round.ts';
import { addEffect, removeEffect } from './commands.ts';
import { mandateEffects } from './schema.ts';
import { adoptByConsent, adoptedDecision, pendingDecision, proposalText } from './test-support.ts';

const refusedWith = (field: string, pattern: RegExp) => (e: unknown) =>
  e instanceof Invalid && pattern.test(e.fields[field] ?? '') ? true : assert.fail(`expected ${field} to match ${pattern}, got ${e instanceof Invalid ? JSON.stringify(e.fields) : String(e)}`);

describeEachDatabase('mandates: a decision authorises exactly what it says', (db) => {
  let n = 0;
  const key = () => `mandate-key-${(n += 1)}`;

  /** A Local Circle (two full participants), another circle, and the Members' Circle, with decisions of each. */
  const setup = async () => {
    const deps = { database: db(), clock: new FakeClock() };
    const local = await circleWith(deps, ['full', 'full', 'learning'], { name: `Local ${key()}` });
    const other = await circleWith(deps, ['full'], { name: `Other ${key()}` });
    const members = await circleWith(deps, ['full'], { name: `Members ${key()}` });
    await run(deps, system, async (ctx: Ctx) => {
      await ctx.tx.insert(coopSettings).values({ key: 'membersCircleId', value: members.circleId, changedAt: ctx.now }).onConflictDoUpdate({ target: coopSettings.key, set: { value: members.circleId } });
    }, {});
    const [keeper, second, learner] = local.people.map(actorOf) as [Actor, Actor, Actor];
    const { poolId } = await run(deps, system, createPool, { circleId: local.circleId, name: `Pool ${key()}` });
    const { poolId: otherPool } = await run(deps, system, createPool, { circleId: other.circleId, name: `Pool ${key()}` });
    await fund(deps, keeper.personId, 40 * 60);
    await run(deps, keeper, donateCredits, { poolId, amount: '40', idempotencyKey: key() });
    const allow = (pool: string, terms: Record<string, unknown> = {}) => ({ kind: 'allow_pool_payments', poolId: pool, purpose: 'Welcome gifts', recipients: 'circle', perPaymentLimit: '5', totalLimit: '8', ...terms });
    const plain = (await adoptedDecision(deps, local.circleId, [], 'Meet on Tuesdays')).entryId;
    return { deps, local, other, members, keeper, second, learner, poolId, otherPool, allow, plain };
  };

  test('creating a circle: only an adopted decision of the parent with a matching create-circle effect, once', async () => {
    const { deps, local, other, keeper, poolId, allow, plain } = await setup();
    const halifax = { kind: 'create_circle', name: 'Halifax', aim: 'People in Halifax find support.', domain: 'Teams in Halifax.' };
    const { entryId } = await adoptedDecision(deps, local.circleId, [halifax]);
    const [made] = await deps.database.db.select().from(circles).where(eq(circles.createdByDecision, entryId));
    assert.equal(made?.name, 'Halifax', 'adoption created the circle, citing the decision');
    assert.equal(made?.parentId, local.circleId);
    const [effect] = await deps.database.db.select().from(mandateEffects).where(eq(mandateEffects.logbookEntryId, entryId));
    assert.equal(effect?.status, 'applied');
    assert.deepEqual(effect?.result, { circleId: made?.id });

    const create = (decisionId: string, name = 'Halifax') => run(deps, keeper, createCircle, { name, aim: 'a', domain: 'd', parentId: local.circleId, decisionId });
    const before = await deps.database.db.select({ n: sql<number>`count(*)::int` }).from(circles);
    await assert.rejects(create(entryId), refusedWith('decisionId', /made this change when it was adopted/), 'used up: the decision created its circle already');
    await assert.rejects(create(entryId, 'Sowerby'), refusedWith('decisionId', /something else of this kind/), 'one decision never creates a second circle');
    await assert.rejects(create((await adoptedDecision(deps, local.circleId, [allow(poolId)])).entryId), refusedWith('decisionId', /does not authorise this: it authorises: allow payments/));
    await assert.rejects(create(plain), refusedWith('decisionId', /states no effects, so it authorises nothing/));
    await assert.rejects(create((await adoptedDecision(deps, other.circleId, [{ ...halifax, name: 'Elsewhere' }])).entryId, 'Elsewhere'), refusedWith('decisionId', /decision of another circle/));
    await assert.rejects(create(await pendingDecision(deps, local.circleId, [{ ...halifax, name: 'Later' }]), 'Later'), refusedWith('decisionId', /awaiting resolution, not adopted/));
    await assert.rejects(create('not-an-id'), refusedWith('decisionId', /Choose the decision that creates this circle/));
    await assert.rejects(run(deps, actorOf(local.people[2] as never), createCircle, { name: 'X', aim: 'a', domain: 'd', parentId: local.circleId, decisionId: entryId }), NotAllowed);
    // A circle of that name already under the parent: refused when the effect is stated.
    await assert.rejects(pendingDecision(deps, local.circleId, [halifax]), refusedWith('name', /already has a circle called “Halifax”/));
    const after = await deps.database.db.select({ n: sql<number>`count(*)::int` }).from(circles);
    assert.equal(after[0]?.n, (before[0]?.n ?? 0) + 1, 'only the other circle’s decision made a circle (Elsewhere), nothing from the refusals');
  });

  test('co-op settings: only the Members’ Circle, only the key and value it names, applied on adoption', async () => {
    const { deps, local, members, poolId, allow } = await setup();
    const cap = { kind: 'change_setting', key: 'investorCapBasisPoints', value: '1500' };
    await assert.rejects(pendingDecision(deps, local.circleId, [cap]), refusedWith('kind', /Only the Members' Circle/));
    await assert.rejects(pendingDecision(deps, members.circleId, [{ ...cap, value: '-5' }]), refusedWith('value', /0 or more/));
    await assert.rejects(pendingDecision(deps, members.circleId, [{ ...cap, key: 'nonsense' }]), refusedWith('key', /Choose a setting/));
    const pending = await pendingDecision(deps, members.circleId, [cap]);
    assert.equal(await getSetting(deps.database.db, 'investorCapBasisPoints'), 1000, 'nothing changes before adoption');
    const secretary = system;
    const change = (decisionId: string, value = '1500') => run(deps, secretary, changeSetting, { key: 'investorCapBasisPoints', value, decisionId });
    await assert.rejects(change(pending), refusedWith('decisionId', /not adopted/));

    await run(deps, system, settleByResolution, { proposalId: pending, passed: true });
    assert.equal(await getSetting(deps.database.db, 'investorCapBasisPoints'), 1500, 'adoption set the cap');
    const [row] = await deps.database.db.select().from(coopSettings).where(eq(coopSettings.key, 'investorCapBasisPoints'));
    const [effect] = await deps.database.db.select().from(mandateEffects).where(eq(mandateEffects.proposalId, pending));
    assert.equal(row?.decisionEntryId, effect?.logbookEntryId, 'the setting cites the decision');

    // The example: the cap set to 50% citing a member's admission.
    const applicant = await makePerson(deps);
    const { membershipId } = await run(deps, actorOf(applicant), applyForMembership, { memberClass: 'supported' });
    const admission = await adoptedDecision(deps, members.circleId, [{ kind: 'admit_member', membershipId }]);
    await assert.rejects(change(admission.entryId, '5000'), refusedWith('decisionId', /does not authorise this/));
    await assert.rejects(change(effect?.logbookEntryId as string), refusedWith('decisionId', /made this change when it was adopted/));
    await assert.rejects(change((await adoptedDecision(deps, local.circleId, [allow(poolId)])).entryId), refusedWith('decisionId', /another circle/));
    assert.equal(await getSetting(deps.database.db, 'investorCapBasisPoints'), 1500, 'no refusal changed it');
  });

  test('admission: only the Members’ Circle admits, only a waiting application, on adoption', async () => {
    const { deps, local, members } = await setup();
    const applicant = await makePerson(deps);
    const { membershipId } = await run(deps, actorOf(applicant), applyForMembership, { memberClass: 'supported' });
    await assert.rejects(pendingDecision(deps, local.circleId, [{ kind: 'admit_member', membershipId }]), refusedWith('kind', /Only the Members' Circle/));
    await assert.rejects(pendingDecision(deps, members.circleId, [{ kind: 'admit_member', membershipId: members.circleId }]), refusedWith('membershipId', /No application/));
    const first = await pendingDecision(deps, members.circleId, [{ kind: 'admit_member', membershipId }]);
    const second = await pendingDecision(deps, members.circleId, [{ kind: 'admit_member', membershipId }]);
    const state = async () => (await deps.database.db.select().from(memberships).where(eq(memberships.id, membershipId)))[0]?.state;
    assert.equal(await state(), 'applied', 'a decision not yet adopted admits nobody');
    await assert.rejects(run(deps, system, changeMembership, { membershipId, step: 'admit' }), (e: unknown) => e instanceof Conflict && /adopting its proposal admits/.test(e.message));
    assert.equal(await state(), 'applied', 'nor does the Secretary alone');
    await run(deps, system, settleByResolution, { proposalId: first, passed: true });
    assert.equal(await state(), 'admitted');
    // Used up: the second decision can no longer be adopted with that effect, and nothing of it is applied.
    await assert.rejects(run(deps, system, settleByResolution, { proposalId: second, passed: true }), (e: unknown) => e instanceof Conflict && /no longer waiting/.test(e.message));
    await assert.rejects(pendingDecision(deps, members.circleId, [{ kind: 'admit_member', membershipId }]), refusedWith('membershipId', /no longer waiting \(it is admitted\)/));

    // An application is itself a proposal whose mandate admits the applicant.
    const another = await makePerson(deps);
    const applied = await run(deps, actorOf(another), applyForMembership, { memberClass: 'investor' });
    const [effect] = await deps.database.db.select().from(mandateEffects).where(eq(mandateEffects.proposalId, applied.proposalId));
    assert.deepEqual([effect?.kind, effect?.params], ['admit_member', { membershipId: applied.membershipId }]);
  });

  test('pool payments: only under an adopted allowance of the pool’s circle, its recipients, payers and limits', async () => {
    const { deps, local, other, keeper, second, learner, poolId, otherPool, allow, plain } = await setup();
    const outsider = await makePerson(deps);
    const { entryId } = await adoptedDecision(deps, local.circleId, [allow(poolId)]);
    const pay = (decisionId: string, amount = '1', to = second.personId, actor = keeper) =>
      run(deps, actor, redistributeCredits, { poolId, toPersonId: to, amount, logbookEntryId: decisionId, idempotencyKey: key() });

    // The example: an allowance citing a hat definition, and paying oneself.
    const hatDecision = (await adoptedDecision(deps, local.circleId, [{ kind: 'change_aim', aim: 'People find support, with a Coach hat.' }], 'Define the Coach hat')).entryId;
    await assert.rejects(pay(hatDecision), refusedWith('logbookEntryId', /does not authorise this/));
    await assert.rejects(pay(plain), refusedWith('logbookEntryId', /authorises nothing/));
    await assert.rejects(pay((await adoptedDecision(deps, other.circleId, [allow(otherPool)])).entryId), refusedWith('logbookEntryId', /another circle/));
    await assert.rejects(pay(await pendingDecision(deps, local.circleId, [allow(poolId, { purpose: 'Later' })])), refusedWith('logbookEntryId', /not adopted/));
    await assert.rejects(pendingDecision(deps, local.circleId, [allow(otherPool)]), refusedWith('poolId', /Choose a pool of/));
    await assert.rejects(pay(entryId, '1', keeper.personId), refusedWith('toPersonId', /Nobody pays a pool to themselves/));
    await assert.rejects(pay(entryId, '1', outsider.personId), refusedWith('toPersonId', /only to members of the pool’s circle/));
    await assert.rejects(pay(entryId, '1', second.personId, learner), NotAllowed);
    await assert.rejects(pay(entryId, '6'), refusedWith('amount', /at most 5 credits in one payment/));
    await pay(entryId, '5');
    await assert.rejects(pay(entryId, '4'), refusedWith('amount', /8 credits in all; 5 credits has been paid, so at most 3 credits more/));
    await pay(entryId, '3', learner.personId);
    await assert.rejects(pay(entryId, '1'), refusedWith('logbookEntryId', /is used up: all 8 credits it allows has been paid/));
    const [used] = await deps.database.db.select().from(mandateEffects).where(eq(mandateEffects.logbookEntryId, entryId));
    assert.equal(used?.status, 'used_up');

    // Named recipients and payers: the keeper may pay himself only because the decision names him; only the named payer pays.
    const named = (await adoptedDecision(deps, local.circleId, [allow(poolId, { recipients: 'named', recipientIds: [keeper.personId, outsider.personId], payerIds: [keeper.personId], purpose: 'Named' })])).entryId;
    await assert.rejects(pay(named, '1', second.personId), refusedWith('toPersonId', /only to the people it names/));
    await assert.rejects(pay(named, '1', outsider.personId, second), NotAllowed);
    await pay(named, '1', keeper.personId);
    await pay(named, '1', outsider.personId);
    assert.equal((await accountOf(deps.database.db, outsider.personId))?.balance, 60);
    assert.deepEqual(await verifyLedger(deps.database.db), []);
  });

  test('effects belong to a version: a draft changes in place, later only by amendment; adoption by consent applies the adopted version’s', async () => {
    const { deps, local, keeper, second, learner } = await setup();
    const { proposalId } = await run(deps, keeper, draftProposal, { ...proposalText, circleId: local.circleId, effects: [{ kind: 'change_aim', aim: 'A new aim, soon dropped.' }] });
    const versionEffects = async (version: number) =>
      (await deps.database.db.select().from(mandateEffects).where(eq(mandateEffects.proposalId, proposalId))).filter((e) => e.version === version).map((e) => e.kind);
    await assert.rejects(run(deps, second, addEffect, { proposalId, kind: 'set_silence_policy', silenceIsConsent: 'on' }), NotAllowed);
    await assert.rejects(run(deps, learner, addEffect, { proposalId, kind: 'set_silence_policy', silenceIsConsent: 'on' }), NotAllowed);
    await assert.rejects(run(deps, keeper, addEffect, { proposalId, kind: 'set_silence_policy', silenceIsConsent: 'maybe' }), refusedWith('silenceIsConsent', /Choose on or off/));
    assert.deepEqual(await versionEffects(1), ['change_aim'], 'refusals changed nothing');
    for (const step of ['present', 'start-clarifying', 'start-reactions'] as const) await run(deps, keeper, advanceProposal, { proposalId, step });
    await assert.rejects(run(deps, keeper, addEffect, { proposalId, kind: 'set_silence_policy', silenceIsConsent: 'on' }), refusedWith('reason', /reason for the amendment/));
    assert.equal((await run(deps, keeper, addEffect, { proposalId, kind: 'set_silence_policy', silenceIsConsent: 'on', reason: 'Members asked for it' })).version, 2);
    const [aim] = (await deps.database.db.select().from(mandateEffects).where(eq(mandateEffects.proposalId, proposalId))).filter((e) => e.version === 2 && e.kind === 'change_aim');
    assert.equal((await run(deps, keeper, removeEffect, { proposalId, effectId: aim?.id, reason: 'The aim can wait' })).version, 3);
    assert.deepEqual([await versionEffects(1), await versionEffects(2), await versionEffects(3)], [['change_aim'], ['change_aim', 'set_silence_policy'], ['set_silence_policy']]);

    const deadline = new Date(deps.clock.now().getTime() + 7 * 86_400_000).toISOString();
    await run(deps, keeper, startConsentRound, { proposalId, mode: 'online', deadline });
    for (const who of [keeper, second]) await run(deps, who, recordResponse, { proposalId, response: 'consent' });
    assert.equal((await run(deps, keeper, closeRound, { proposalId })).state, 'adopted');
    const [circle] = await deps.database.db.select().from(circles).where(eq(circles.id, local.circleId));
    assert.equal(circle?.silenceIsConsent, true, 'the circle set its own silence policy');
    assert.equal(circle?.aim, 'People find support.', 'the removed effect was not applied');
    await assert.rejects(run(deps, keeper, addEffect, { proposalId, kind: 'change_aim', aim: 'Late', reason: 'x' }), Conflict);

    const { state } = await adoptByConsent(deps, local.circleId, keeper, [second], [{ kind: 'change_aim', aim: 'People in the valley find support.' }]);
    assert.equal(state, 'adopted');
    const [after] = await deps.database.db.select().from(circles).where(eq(circles.id, local.circleId));
    assert.equal(after?.aim, 'People in the valley find support.');
  });

  test('concurrent payouts never exceed an allowance’s total', async () => {
    const { deps, local, keeper, second, poolId, allow } = await setup();
    const { entryId } = await adoptedDecision(deps, local.circleId, [allow(poolId, { perPaymentLimit: '1', totalLimit: '5' })]);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => run(deps, keeper, redistributeCredits, { poolId, toPersonId: second.personId, amount: '1', logbookEntryId: entryId, idempotencyKey: key() })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
    for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof Invalid, String(r.reason));
    assert.equal((await accountOf(deps.database.db, second.personId))?.balance, 5 * 60);
    assert.deepEqual(await verifyLedger(deps.database.db), []);
  });
});
