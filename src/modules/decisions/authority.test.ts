import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { Actor } from '../../platform/authz.ts';
import { FakeClock } from '../../platform/clock.ts';
import { type Deps, run } from '../../platform/context.ts';
import { DomainError, Invalid, NotAllowed } from '../../platform/errors.ts';
import { actorOf, circleWith, system } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { makePerson } from '../../../test/support/app.ts';
import { assignHat } from '../circles/commands/assign-hat.ts';
import { leaveCircle } from '../circles/commands/add-member.ts';
import { createCircle } from '../circles/commands/create-circle.ts';
import { holdMeeting } from '../circles/meetings/fixtures.ts';
import { checkIn, moveMeeting, recordInMeeting, scheduleMeeting } from '../circles/meetings/commands.ts';
import { circleHats, circleMembership } from '../circles/queries.ts';
import { logbookEntries } from '../circles/schema.ts';
import { advanceProposal } from './commands/advance-proposal.ts';
import { closeRound } from './commands/close-round.ts';
import { draftProposal } from './commands/draft-proposal.ts';
import { disputeResponse, recordResponse } from './commands/record-response.ts';
import { startConsentRound } from './commands/start-consent-round.ts';
import { proposals } from './schema.ts';

const text = { title: 'Evening rota', driver: 'Evenings are thin.', text: 'Two people on every evening.', reviewDate: '2027-06-01' };

async function toConsent(deps: Deps, author: Actor, circleId: string) {
  const { proposalId } = await run(deps, author, draftProposal, { ...text, circleId });
  for (const step of ['present', 'start-clarifying', 'start-reactions'] as const) await run(deps, author, advanceProposal, { proposalId, step });
  return proposalId;
}
/** A refusal whose message, or one of its field messages, says this. */
const refusedWith = (pattern: RegExp) => (error: unknown) => {
  const fields = error instanceof Invalid ? Object.values(error.fields).join(' ') : '';
  return error instanceof DomainError && pattern.test(`${error.message} ${fields}`);
};
const stateOf = async (deps: Deps, proposalId: string) => (await deps.database.db.select().from(proposals).where(eq(proposals.id, proposalId)))[0];

describeEachDatabase('governance authority: answers, meetings and terms', (db) => {
  test('nobody records an answer for someone else outside a meeting on the record', async () => {
    const deps = { database: db(), clock: new FakeClock() };
    const { circleId, people } = await circleWith(deps, ['full', 'full', 'full', 'learning']);
    const [author, ann, bob, learner] = people.map(actorOf) as [Actor, Actor, Actor, Actor];
    const proposalId = await toConsent(deps, author, circleId);
    // A meeting-mode round needs an open meeting of the circle.
    await assert.rejects(run(deps, author, startConsentRound, { proposalId, mode: 'meeting' }), refusedWith(/open meeting/));
    // The author opens a meeting and records the others present himself: nobody checked in but him.
    const { meetingId } = await run(deps, author, scheduleMeeting, { circleId, startsAt: '2027-01-10T18:00', place: 'Hall' });
    await run(deps, author, moveMeeting, { meetingId, step: 'open' });
    for (const p of [author, ann, bob]) await run(deps, author, recordInMeeting, { meetingId, personId: p.personId, role: 'member' });
    await run(deps, author, startConsentRound, { proposalId, mode: 'meeting', meetingId });
    await assert.rejects(run(deps, author, recordResponse, { proposalId, personId: ann.personId, response: 'consent' }), refusedWith(/check in/));
    // A learning participant checking in is no witness; a full participant is.
    await run(deps, learner, checkIn, { meetingId });
    await assert.rejects(run(deps, author, recordResponse, { proposalId, personId: ann.personId, response: 'consent' }), refusedWith(/check in/));
    await run(deps, bob, checkIn, { meetingId });
    // Only the meeting's facilitator records for others, and only for people recorded present.
    await assert.rejects(run(deps, bob, recordResponse, { proposalId, personId: ann.personId, response: 'consent' }), NotAllowed);
    await run(deps, author, recordResponse, { proposalId, personId: ann.personId, response: 'consent' });
    await assert.rejects(run(deps, author, recordResponse, { proposalId, personId: learner.personId, response: 'consent' }), refusedWith(/not recorded present|full participants/));
  });

  test('an answer recorded for someone can be disputed by them, which reopens even an adopted decision', async () => {
    const deps = { database: db(), clock: new FakeClock() };
    const { circleId, people } = await circleWith(deps, ['full', 'full', 'full']);
    const [author, ann, bob] = people.map(actorOf) as [Actor, Actor, Actor];
    const proposalId = await toConsent(deps, author, circleId);
    const meetingId = await holdMeeting(deps, circleId, author, [author, bob]);
    await run(deps, author, recordInMeeting, { meetingId, personId: ann.personId, role: 'member' });
    await run(deps, author, startConsentRound, { proposalId, mode: 'meeting', meetingId });
    for (const p of [author, ann, bob]) await run(deps, author, recordResponse, { proposalId, personId: p.personId, response: 'consent' });
    const closed = await run(deps, author, closeRound, { proposalId });
    assert.equal(closed.state, 'adopted');
    await assert.rejects(run(deps, author, disputeResponse, { proposalId }), NotAllowed, 'nobody disputes their own answer');
    assert.equal((await run(deps, ann, disputeResponse, { proposalId })).state, 'consent_round');
    const [entry] = await deps.database.db.select().from(logbookEntries).where(eq(logbookEntries.id, closed.logbookEntryId as string));
    assert.equal(entry?.state, 'retired');
    assert.equal((await stateOf(deps, proposalId))?.logbookEntryId, null);
    await assert.rejects(run(deps, author, closeRound, { proposalId }), refusedWith(/not answered/));
    await run(deps, ann, recordResponse, { proposalId, response: 'objection', reason: 'I never agreed: two people every evening is more than we have.' });
    assert.equal((await run(deps, author, closeRound, { proposalId })).state, 'objections');
  });

  test('no sequence of requests by one person, with the others absent, adopts a proposal', async () => {
    const deps = { database: db(), clock: new FakeClock() };
    const { circleId, people } = await circleWith(deps, ['full', 'full', 'full']);
    const [author, ann, bob] = people.map(actorOf) as [Actor, Actor, Actor];
    const admin: Actor = { ...actorOf(await makePerson(deps, { admin: true })), isAdmin: true };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(author, admin), fc.array(fc.nat(9), { minLength: 4, maxLength: 16 }), async (actor, moves) => {
        const proposalId = await toConsent(deps, author, circleId);
        let meetingId: string | undefined;
        const tries: (() => Promise<unknown>)[] = [
          async () => (meetingId = (await run(deps, actor, scheduleMeeting, { circleId, startsAt: '2027-01-10T18:00', place: 'Hall' })).meetingId),
          () => run(deps, actor, moveMeeting, { meetingId: meetingId as string, step: 'open', facilitatorId: actor.personId }),
          () => run(deps, actor, checkIn, { meetingId: meetingId as string }),
          () => run(deps, actor, recordInMeeting, { meetingId: meetingId as string, personId: ann.personId, role: 'member' }),
          () => run(deps, actor, recordInMeeting, { meetingId: meetingId as string, personId: bob.personId, role: 'member' }),
          () => run(deps, actor, startConsentRound, { proposalId, mode: 'meeting', meetingId }),
          () => run(deps, actor, recordResponse, { proposalId, response: 'consent' }),
          () => run(deps, actor, recordResponse, { proposalId, personId: ann.personId, response: 'consent', meetingId }),
          () => run(deps, actor, recordResponse, { proposalId, personId: bob.personId, response: 'consent', meetingId }),
          () => run(deps, actor, closeRound, { proposalId }),
        ];
        for (const move of [0, 1, 3, 4, 5, 6, 7, 8, 9, ...moves]) {
          try {
            await (tries[move] as () => Promise<unknown>)();
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
        }
        assert.notEqual((await stateOf(deps, proposalId))?.state, 'adopted');
      }),
      { numRuns: 12, seed: 20261203 },
    );
  });

  test('someone who left steers nothing; a term that has not started gives no seat in the parent circle', async () => {
    const deps = { database: db(), clock: new FakeClock() };
    const { circleId, people } = await circleWith(deps, ['full', 'full']);
    const [author] = people.map(actorOf) as [Actor, Actor];
    const proposalId = await toConsent(deps, author, circleId);
    const facilitatorHat = (await circleHats(deps.database.db, circleId, deps.clock.now())).find((h) => h.role === 'facilitator');
    await run(deps, system, assignHat, { hatId: facilitatorHat?.id as string, personId: author.personId });
    await run(deps, author, leaveCircle, { circleId });
    const after = (await circleHats(deps.database.db, circleId, deps.clock.now())).find((h) => h.role === 'facilitator');
    assert.equal(after?.holders.length, 0, 'leaving ends the hats worn in the circle');
    await assert.rejects(run(deps, author, startConsentRound, { proposalId, mode: 'online', deadline: '2027-02-01T12:00' }), NotAllowed);
    await assert.rejects(run(deps, author, closeRound, { proposalId }), NotAllowed);

    const { circleId: childId } = await run(deps, system, createCircle, { name: 'Child', aim: 'A.', domain: 'D.', parentId: circleId });
    const delegate = await makePerson(deps);
    const hat = (await circleHats(deps.database.db, childId, deps.clock.now())).find((h) => h.role === 'delegate');
    const later = new Date(deps.clock.now().getTime() + 60 * 86_400_000).toISOString().slice(0, 10);
    await run(deps, system, assignHat, { hatId: hat?.id as string, personId: delegate.personId, termStart: later });
    const parentMembers = await circleMembership(deps.database.db, circleId, deps.clock.now());
    assert.ok(!parentMembers.some((m) => m.personId === delegate.personId), 'a Delegate whose term starts in 60 days is not yet in the parent circle');
    const childHats = await circleHats(deps.database.db, childId, deps.clock.now());
    assert.equal(childHats.find((h) => h.role === 'delegate')?.holders.length, 0, 'nor shown as holding the hat');
  });
});
