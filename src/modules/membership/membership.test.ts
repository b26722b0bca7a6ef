import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import { FakeClock } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import { Conflict, Invalid, NotAllowed } from '../../platform/errors.ts';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { actorOf, circleWith, system } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { advanceProposal } from '../decisions/commands/advance-proposal.ts';
import { closeRound } from '../decisions/commands/close-round.ts';
import { recordResponse } from '../decisions/commands/record-response.ts';
import { holdMeeting } from '../circles/meetings/fixtures.ts';
import { startConsentRound } from '../decisions/commands/start-consent-round.ts';
import { applyForMembership, changeMembership } from './commands/apply.ts';
import { addResolution, appointProxy, castVote, closeResolution, scheduleGeneralMeeting } from './commands/general-meetings.ts';
import { buyShares, requestWithdrawal, settleWithdrawal, shareRegister } from './commands/shares.ts';
import { coopSettings, memberships, resolutions, votes } from './schema.ts';
import type { Database } from '../../platform/db.ts';
import { changeSetting } from './commands/settings.ts';
import { getSetting } from './settings.ts';
import { draftProposal } from '../decisions/commands/draft-proposal.ts';
import { proposals } from '../decisions/schema.ts';

/** Tests share a database per suite, so each names its own circle as the Members' Circle. */
async function membersCircle(deps: { database: Database; clock: FakeClock }, parts: ('full' | 'learning' | 'guest')[]) {
  const made = await circleWith(deps, parts, { name: "Members' Circle" });
  await deps.database.db
    .insert(coopSettings)
    .values({ key: 'membersCircleId', value: made.circleId, changedAt: deps.clock.now() })
    .onConflictDoUpdate({ target: coopSettings.key, set: { value: made.circleId } });
  return made;
}

describeEachDatabase('membership and general meetings', (db) => {
  test("applications are admitted by the Members' Circle's consent; workers pass probation first", async () => {
    const clock = new FakeClock();
    const deps = { database: db(), clock };
    const { people, circleId: membersId } = await membersCircle(deps, ['full']);
    const steward = actorOf(people[0] as never);
    const meetingId = await holdMeeting(deps, membersId, steward, [steward]);
    const admit = async (proposalId: string) => {
      for (const s of ['present', 'start-clarifying', 'start-reactions'] as const) await run(deps, steward, advanceProposal, { proposalId, step: s });
      await run(deps, steward, startConsentRound, { proposalId, mode: 'meeting', meetingId });
      await run(deps, steward, recordResponse, { proposalId, response: 'consent' });
      await run(deps, steward, closeRound, { proposalId });
    };
    const rose = actorOf(await makePerson(deps));
    await assert.rejects(run(deps, rose, applyForMembership, { memberClass: 'advocate' }), Invalid);
    const supported = await run(deps, rose, applyForMembership, { memberClass: 'supported' });
    await admit(supported.proposalId);
    const state = async (id: string) => (await deps.database.db.select().from(memberships).where(eq(memberships.id, id)))[0]?.state;
    assert.equal(await state(supported.membershipId), 'admitted');

    const sam = actorOf(await makePerson(deps));
    await assert.rejects(run(deps, sam, applyForMembership, { memberClass: 'worker', workerKind: 'volunteer' }), Invalid, 'needs the Commitment');
    const worker = await run(deps, sam, applyForMembership, { memberClass: 'worker', workerKind: 'volunteer', commitment: 'on' });
    await admit(worker.proposalId);
    assert.equal(await state(worker.membershipId), 'probation');
    await assert.rejects(run(deps, sam, changeMembership, { membershipId: worker.membershipId, step: 'admit' }), NotAllowed);
    await assert.rejects(run(deps, system, changeMembership, { membershipId: worker.membershipId, step: 'admit' }), Invalid, 'eligibility check first');
    await run(deps, system, changeMembership, { membershipId: worker.membershipId, step: 'admit', eligibilityChecked: 'on' });
    assert.equal(await state(worker.membershipId), 'admitted');
    await assert.rejects(run(deps, system, changeMembership, { membershipId: worker.membershipId, step: 'reinstate' }), Conflict);
  });

  test('voting: admitted members only, one vote each, proxies at most five, the investor cap applied', async () => {
    const clock = new FakeClock();
    const deps = { database: db(), clock };
    await membersCircle(deps, ['full']);
    const admitted = async (memberClass: 'worker' | 'investor') => {
      const p = actorOf(await makePerson(deps));
      const { membershipId } = await run(deps, p, applyForMembership, { memberClass, workerKind: 'paid', commitment: 'on' });
      await deps.database.db.update(memberships).set({ state: 'admitted' }).where(eq(memberships.id, membershipId));
      return p;
    };
    const workers: Actor[] = [];
    for (let i = 0; i < 7; i++) workers.push(await admitted('worker'));
    const investor = await admitted('investor');
    const outsider = actorOf(await makePerson(deps));
    const { meetingId } = await run(deps, system, scheduleGeneralMeeting, { kind: 'agm', title: 'AGM 2027', startsAt: '2027-03-20T18:00', place: 'Halifax', agenda: 'Accounts' });
    const { resolutionId } = await run(deps, system, addResolution, { meetingId, title: 'Adopt the accounts', text: 'The accounts are adopted.', kind: 'ordinary' });

    await assert.rejects(run(deps, outsider, castVote, { resolutionId, choice: 'for' }), NotAllowed);
    await run(deps, workers[0] as Actor, castVote, { resolutionId, choice: 'against' });
    await run(deps, workers[0] as Actor, castVote, { resolutionId, choice: 'for' });
    assert.equal((await deps.database.db.select().from(votes).where(eq(votes.resolutionId, resolutionId))).length, 1, 'a changed vote replaces the first');

    const holder = workers[1] as Actor;
    for (const grantor of workers.slice(2, 7)) await run(deps, grantor, appointProxy, { meetingId, holderId: holder.personId });
    await assert.rejects(run(deps, investor, appointProxy, { meetingId, holderId: holder.personId }), Invalid, 'a sixth proxy is refused');
    for (const grantor of workers.slice(2, 7)) await run(deps, holder, castVote, { resolutionId, choice: 'against', memberId: grantor.personId });
    await assert.rejects(run(deps, holder, castVote, { resolutionId, choice: 'for', memberId: investor.personId }), NotAllowed);
    await run(deps, holder, castVote, { resolutionId, choice: 'for' });
    await run(deps, investor, castVote, { resolutionId, choice: 'for' });
    const result = await run(deps, system, closeResolution, { resolutionId });
    // 7 workers (2 for, 5 against) and 1 investor: 1/8 > 10%, so the investor is scaled to 7/9.
    assert.equal(result.investorScaled, true);
    assert.equal(result.passed, false);
    await assert.rejects(run(deps, workers[0] as Actor, castVote, { resolutionId, choice: 'for' }), Conflict);
  });

  test("a long-term decision waits for the members' resolution; settings change only by a recorded decision", async () => {
    const clock = new FakeClock();
    const deps = { database: db(), clock };
    const { circleId, people } = await membersCircle(deps, ['full']);
    const steward = actorOf(people[0] as never);
    const voter = actorOf(await makePerson(deps));
    const { membershipId } = await run(deps, voter, applyForMembership, { memberClass: 'supported' });
    await deps.database.db.update(memberships).set({ state: 'admitted' }).where(eq(memberships.id, membershipId));
    const { proposalId } = await run(deps, steward, draftProposal, {
      circleId, title: 'Open a second office', driver: 'Growth', text: 'We lease an office in Leeds for five years, and raise the investor cap.', reviewDate: '2027-01-01', needsResolution: 'on',
      effects: [{ kind: 'change_setting', key: 'investorCapBasisPoints', value: '1500' }],
    });
    for (const s of ['present', 'start-clarifying', 'start-reactions'] as const) await run(deps, steward, advanceProposal, { proposalId, step: s });
    await run(deps, steward, startConsentRound, { proposalId, mode: 'online', deadline: '2027-03-01T12:00' });
    await run(deps, steward, recordResponse, { proposalId, response: 'consent' });
    assert.equal((await run(deps, steward, closeRound, { proposalId })).state, 'awaiting_resolution');
    const { meetingId } = await run(deps, system, scheduleGeneralMeeting, { kind: 'members', title: 'Spring meeting', startsAt: '2027-04-01T18:00', place: 'Online' });
    void meetingId; // an earlier test's AGM is the next meeting, so the resolution may sit there
    const [resolution] = await deps.database.db.select().from(resolutions).where(eq(resolutions.proposalId, proposalId));
    assert.ok(resolution, 'the long-term decision is on the next general meeting agenda');
    await run(deps, voter, castVote, { resolutionId: resolution?.id as string, choice: 'for' });
    await run(deps, system, closeResolution, { resolutionId: resolution?.id as string });
    const [p] = await deps.database.db.select().from(proposals).where(eq(proposals.id, proposalId));
    assert.equal(p?.state, 'adopted');

    // The decision's mandate set the cap on adoption; it cannot be cited again, or for another setting.
    assert.equal(await getSetting(deps.database.db, 'investorCapBasisPoints'), 1500);
    await assert.rejects(run(deps, system, changeSetting, { key: 'investorCapBasisPoints', value: '1500', decisionId: '' }), Invalid);
    await assert.rejects(run(deps, system, changeSetting, { key: 'investorCapBasisPoints', value: '-5', decisionId: p?.logbookEntryId as string }), Invalid);
    await assert.rejects(run(deps, system, changeSetting, { key: 'investorCapBasisPoints', value: '1500', decisionId: p?.logbookEntryId as string }), (e: unknown) => e instanceof Invalid && /made this change when it was adopted/.test(e.fields.decisionId ?? ''));
    await assert.rejects(run(deps, system, changeSetting, { key: 'autoConfirmDays', value: '3', decisionId: p?.logbookEntryId as string }), Invalid);
    await assert.rejects(run(deps, voter, changeSetting, { key: 'autoConfirmDays', value: '3', decisionId: p?.logbookEntryId as string }), NotAllowed);
  });

  test('the share register reconciles; withdrawing the last share ends investor membership', async () => {
    const clock = new FakeClock();
    const deps = { database: db(), clock };
    await membersCircle(deps, ['full']);
    const inv = actorOf(await makePerson(deps));
    const { membershipId } = await run(deps, inv, applyForMembership, { memberClass: 'investor' });
    await run(deps, system, buyShares, { personId: inv.personId, amountPounds: '250.50' });
    await assert.rejects(run(deps, inv, requestWithdrawal, { amountPounds: '300' }), Invalid);
    const first = await run(deps, inv, requestWithdrawal, { amountPounds: '200' });
    await assert.rejects(run(deps, inv, requestWithdrawal, { amountPounds: '60' }), Invalid, 'pending requests count');
    await assert.rejects(run(deps, system, settleWithdrawal, { requestId: first.requestId, step: 'pay' }), Conflict);
    await run(deps, system, settleWithdrawal, { requestId: first.requestId, step: 'approve' });
    await run(deps, system, settleWithdrawal, { requestId: first.requestId, step: 'pay' });
    let register = await shareRegister(deps.database.db);
    assert.equal(register.total, 5050);
    assert.equal(register.movementsNet, register.total);
    const last = await run(deps, inv, requestWithdrawal, { amountPounds: '50.50' });
    await run(deps, system, settleWithdrawal, { requestId: last.requestId, step: 'approve' });
    await run(deps, system, settleWithdrawal, { requestId: last.requestId, step: 'pay' });
    register = await shareRegister(deps.database.db);
    assert.equal(register.total, 0);
    assert.equal(register.movementsNet, 0);
    const [m] = await deps.database.db.select().from(memberships).where(eq(memberships.id, membershipId));
    assert.equal(m?.state, 'left');
  });
});

describeEachDatabase('membership registers for the Secretary', (db) => {
  test('the registers export as CSV for the Secretary only; formula-looking text is defused', async () => {
    const t = await testApp(db());
    const admin = await makePerson(t, { admin: true });
    const member = await makePerson(t, { name: '=HYPERLINK("http://evil")' });
    await membersCircleFor(t);
    await run(t, actorOf(member), applyForMembership, { memberClass: 'supported' });
    const a = new Client(t.app);
    await a.signIn(admin.email);
    const csv = await a.get('/membership/register.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(csv.body, /"'=HYPERLINK/);
    const m = new Client(t.app);
    await m.signIn(member.email);
    assert.equal((await m.get('/membership/register.csv')).statusCode, 403);
    assert.equal((await m.get('/membership/shares.csv')).statusCode, 403);
    await t.app.close();
  });
});

async function membersCircleFor(t: { database: Database; clock: FakeClock }) {
  const made = await circleWith(t, ['full'], { name: "Members' Circle" });
  await t.database.db.insert(coopSettings).values({ key: 'membersCircleId', value: made.circleId, changedAt: t.clock.now() }).onConflictDoUpdate({ target: coopSettings.key, set: { value: made.circleId } });
}
