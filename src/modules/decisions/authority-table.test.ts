import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import { DAY, FakeClock } from '../../platform/clock.ts';
import { type Deps, run } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { actorOf, circleWith, system } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { makePerson } from '../../../test/support/app.ts';
import { leaveCircle } from '../circles/commands/add-member.ts';
import { assignHat } from '../circles/commands/assign-hat.ts';
import { createCircle } from '../circles/commands/create-circle.ts';
import { holdMeeting } from '../circles/meetings/fixtures.ts';
import { circleHats } from '../circles/queries.ts';
import { isoDate } from '../circles/dates.ts';
import { hatAssignments } from '../circles/schema.ts';
import { advanceSelection, closeSelectionRound, nominate, openSelection, proposeCandidate, respondToSelection } from '../circles/selection/commands/selection.ts';
import { selectionResponses, selections } from '../circles/selection/schema.ts';
import { advanceProposal } from './commands/advance-proposal.ts';
import { closeRound } from './commands/close-round.ts';
import { draftProposal } from './commands/draft-proposal.ts';
import { recordResponse } from './commands/record-response.ts';
import { startConsentRound } from './commands/start-consent-round.ts';
import { consentResponses, proposals } from './schema.ts';

/**
 * Who may take each governance step, as a table over the kinds of people there are: every
 * other kind is refused with a domain error and nothing changes. Each row runs on a fresh
 * proposal or selection, so one refusal cannot hide another.
 */
type Kind = 'author' | 'full' | 'learning' | 'guest' | 'outsider' | 'otherCircle' | 'left' | 'futureDelegate' | 'endedDelegate' | 'admin';
const kinds: Kind[] = ['author', 'full', 'learning', 'guest', 'outsider', 'otherCircle', 'left', 'futureDelegate', 'endedDelegate', 'admin'];

async function cast(deps: Deps & { clock: FakeClock }) {
  const { circleId, people } = await circleWith(deps, ['full', 'full', 'full', 'learning', 'guest', 'full']);
  const [author, full, third, learning, guest, leaver] = people.map(actorOf) as Actor[];
  const { circleId: otherId, people: others } = await circleWith(deps, ['full'], { name: 'Elsewhere' });
  const { circleId: childId } = await run(deps, system, createCircle, { name: 'Child', aim: 'A.', domain: 'D.', parentId: circleId });
  const delegateHat = (await circleHats(deps.database.db, childId, deps.clock.now())).find((h) => h.role === 'delegate')?.id as string;
  const futureDelegate = actorOf(await makePerson(deps));
  await run(deps, system, assignHat, { hatId: delegateHat, personId: futureDelegate.personId, termStart: isoDate(new Date(deps.clock.now().getTime() + 60 * DAY)) });
  const endedDelegate = actorOf(await makePerson(deps));
  const { assignmentId } = await run(deps, system, assignHat, { hatId: delegateHat, personId: endedDelegate.personId });
  await deps.database.db.update(hatAssignments).set({ termEnd: isoDate(new Date(deps.clock.now().getTime() - DAY)) }).where(eq(hatAssignments.id, assignmentId));
  const admin: Actor = { ...actorOf(await makePerson(deps, { admin: true })), isAdmin: true };
  const who: Record<Kind, Actor> = {
    author: author as Actor, full: full as Actor, learning: learning as Actor, guest: guest as Actor, outsider: actorOf(await makePerson(deps)),
    otherCircle: actorOf(others[0] as never), left: leaver as Actor, futureDelegate, endedDelegate, admin,
  };
  void otherId;
  return { circleId, who, third: third as Actor };
}

describeEachDatabase('governance: who may take each step (a table over actors)', (db) => {
  test('proposal steps: steering, answering for oneself, closing', async () => {
    const deps = { database: db(), clock: new FakeClock() };
    const { circleId, who, third } = await cast(deps);
    // The one who left drafted a proposal before leaving: they still steer nothing.
    const fresh = async (by: Actor = who.author) => {
      const { proposalId } = await run(deps, by, draftProposal, { circleId, title: 'T', driver: 'Because.', text: 'Do it.', reviewDate: '2027-06-01' });
      for (const step of ['present', 'start-clarifying', 'start-reactions'] as const) await run(deps, by, advanceProposal, { proposalId, step });
      return proposalId;
    };
    const leaversProposal = await fresh(who.left);
    await run(deps, who.left, leaveCircle, { circleId });
    const snapshot = async (proposalId: string) => ({
      p: (await deps.database.db.select().from(proposals).where(eq(proposals.id, proposalId)))[0],
      answers: (await deps.database.db.select().from(consentResponses).where(eq(consentResponses.proposalId, proposalId))).length,
    });
    const table: { step: string; may: Kind[]; attempt: (a: Actor, proposalId: string) => Promise<unknown>; before?: (proposalId: string) => Promise<void> }[] = [
      { step: 'start an online round', may: ['author'], attempt: (a, proposalId) => run(deps, a, startConsentRound, { proposalId, mode: 'online', deadline: '2027-01-01T12:00' }) },
      {
        step: 'answer for oneself online', may: ['author', 'full'],
        before: async (proposalId) => { await run(deps, who.author, startConsentRound, { proposalId, mode: 'online', deadline: '2027-01-01T12:00' }); },
        attempt: (a, proposalId) => run(deps, a, recordResponse, { proposalId, response: 'consent' }),
      },
      {
        step: 'answer for someone else online', may: [],
        before: async (proposalId) => { await run(deps, who.author, startConsentRound, { proposalId, mode: 'online', deadline: '2027-01-01T12:00' }); },
        attempt: (a, proposalId) => run(deps, a, recordResponse, { proposalId, personId: third.personId, response: 'consent' }),
      },
      {
        step: 'close a round everyone answered', may: ['author'],
        before: async (proposalId) => {
          const meetingId = await holdMeeting(deps, circleId, who.author, [who.author, who.full, third]);
          await run(deps, who.author, startConsentRound, { proposalId, mode: 'meeting', meetingId });
          for (const p of [who.author, who.full, third]) await run(deps, who.author, recordResponse, { proposalId, personId: p.personId, response: 'consent' });
        },
        attempt: (a, proposalId) => run(deps, a, closeRound, { proposalId }),
      },
    ];
    for (const row of table) {
      for (const kind of kinds) {
        const proposalId = await fresh();
        await row.before?.(proposalId);
        const before = await snapshot(proposalId);
        let allowed = true;
        try {
          await row.attempt(who[kind], proposalId);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          allowed = false;
        }
        assert.equal(allowed, row.may.includes(kind), `${kind} ${row.may.includes(kind) ? 'may' : 'may not'} ${row.step}`);
        if (!allowed) assert.deepEqual(await snapshot(proposalId), before, `a refused ${row.step} by ${kind} changed nothing`);
      }
    }
    await assert.rejects(run(deps, who.left, startConsentRound, { proposalId: leaversProposal, mode: 'online', deadline: '2027-01-01T12:00' }), DomainError);
  });

  test('selection steps: opening, moving on, answering, closing', async () => {
    const deps = { database: db(), clock: new FakeClock() };
    const { circleId, who, third } = await cast(deps);
    await run(deps, who.left, leaveCircle, { circleId });
    const hatId = (await circleHats(deps.database.db, circleId, deps.clock.now())).find((h) => h.role === 'secretary')?.id as string;
    const fresh = async () => {
      const { selectionId } = await run(deps, who.author, openSelection, { hatId });
      await run(deps, who.author, nominate, { selectionId, nomineeId: who.full.personId, reason: 'Keeps good notes' });
      for (const step of ['open-nomination-round', 'open-change-round'] as const) await run(deps, who.author, advanceSelection, { selectionId, step });
      await run(deps, who.author, proposeCandidate, { selectionId, candidateId: who.full.personId, termStart: isoDate(deps.clock.now()) });
      await run(deps, who.author, advanceSelection, { selectionId, step: 'start-consent-round' });
      return selectionId;
    };
    const snapshot = async (selectionId: string) => ({
      s: (await deps.database.db.select().from(selections).where(eq(selections.id, selectionId)))[0],
      answers: (await deps.database.db.select().from(selectionResponses).where(eq(selectionResponses.selectionId, selectionId))).length,
    });
    const table: { step: string; may: Kind[]; attempt: (a: Actor, selectionId: string) => Promise<unknown>; before?: (selectionId: string) => Promise<void> }[] = [
      { step: 'open a selection', may: ['author', 'full'], attempt: (a) => run(deps, a, openSelection, { hatId }) },
      { step: 'answer for oneself', may: ['author', 'full'], attempt: (a, selectionId) => run(deps, a, respondToSelection, { selectionId, response: 'consent' }) },
      { step: 'answer for someone else outside a meeting', may: [], attempt: (a, selectionId) => run(deps, a, respondToSelection, { selectionId, personId: third.personId, response: 'consent' }) },
      {
        step: 'close a round everyone answered', may: ['author'],
        before: async (selectionId) => {
          const meetingId = await holdMeeting(deps, circleId, who.author, [who.author, who.full, third]);
          for (const p of [who.author, who.full, third]) await run(deps, who.author, respondToSelection, { selectionId, personId: p.personId, response: 'consent', meetingId });
        },
        attempt: (a, selectionId) => run(deps, a, closeSelectionRound, { selectionId }),
      },
      { step: 'cancel', may: ['author'], attempt: (a, selectionId) => run(deps, a, advanceSelection, { selectionId, step: 'cancel' }) },
    ];
    for (const row of table) {
      for (const kind of kinds) {
        const selectionId = await fresh();
        await row.before?.(selectionId);
        const before = await snapshot(selectionId);
        let allowed = true;
        try {
          await row.attempt(who[kind], selectionId);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          allowed = false;
        }
        assert.equal(allowed, row.may.includes(kind), `${kind} ${row.may.includes(kind) ? 'may' : 'may not'} ${row.step}`);
        if (!allowed) assert.deepEqual(await snapshot(selectionId), before, `a refused ${row.step} by ${kind} changed nothing`);
      }
    }
  });
});
