import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { Actor } from '../../platform/authz.ts';
import { FakeClock } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { actorOf, circleWith } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { makePerson } from '../../../test/support/app.ts';
import { holdMeeting } from '../circles/meetings/fixtures.ts';
import { advanceProposal } from './commands/advance-proposal.ts';
import { amendProposal } from './commands/amend-proposal.ts';
import { closeRound } from './commands/close-round.ts';
import { addReaction, askQuestion } from './commands/discussion.ts';
import { draftProposal } from './commands/draft-proposal.ts';
import { recordResponse, withdrawObjection } from './commands/record-response.ts';
import { startConsentRound } from './commands/start-consent-round.ts';
import { type ProposalStep, proposalSteps } from './machine.ts';
import { consentResponses, proposals, type ProposalState } from './schema.ts';

const text = { title: 'T', driver: 'Because.', text: 'Do it.', reviewDate: '2027-01-01' };

// Each generated command: which step it is, who tries it, and the answer when it is a response.
const commandArb = fc.record({
  step: fc.constantFrom<ProposalStep>('present', 'start-clarifying', 'start-reactions', 'amend', 'start-consent-round', 'close-round', 'withdraw', 'ask', 'react', 'respond', 'withdraw-objection'),
  who: fc.nat(5), // 0 author, 1-2 full, 3 learning, 4 guest, 5 outsider
  forWhom: fc.nat(5),
  objection: fc.boolean(),
});

// The usual path, taken by the author, as a prefix of random length so runs reach every stage.
const usualPath = (lastObjects: boolean) => [
  ...(['present', 'start-clarifying', 'start-reactions', 'start-consent-round'] as const).map((step) => ({ step, who: 0, forWhom: 0, objection: false })),
  ...[0, 1, 2].map((forWhom) => ({ step: 'respond' as const, who: 0, forWhom, objection: forWhom === 2 && lastObjects })),
  { step: 'close-round' as const, who: 0, forWhom: 0, objection: false },
];
const sequenceArb = fc
  .tuple(fc.oneof(fc.constant(8), fc.nat(8)), fc.boolean(), fc.array(commandArb, { minLength: 1, maxLength: 14 }))
  .map(([k, lastObjects, rest]) => [...usualPath(lastObjects).slice(0, k), ...rest]);

describeEachDatabase('proposal state machine (property)', (db) => {
  test('no illegal step is accepted; adoption happens exactly when every full participant consented in the last round', async () => {
    const reached = new Set<string>();
    await fc.assert(
      fc.asyncProperty(sequenceArb, async (commands) => {
        const clock = new FakeClock();
        const deps = { database: db(), clock };
        const { circleId, people } = await circleWith(deps, ['full', 'full', 'full', 'learning', 'guest']);
        const outsider = await makePerson(deps);
        const actors: Actor[] = [...people, outsider].map(actorOf);
        const full = people.slice(0, 3).map((p) => p.personId);
        const { proposalId } = await run(deps, actors[0] as Actor, draftProposal, { ...text, circleId });
        // The rounds happen in a meeting on the record, the author facilitating, the full participants present.
        const meetingId = await holdMeeting(deps, circleId, actors[0] as Actor, actors.slice(0, 3));
        const stateNow = async () => (await deps.database.db.select().from(proposals).where(eq(proposals.id, proposalId)))[0];

        for (const c of commands) {
          const before = await stateNow();
          const actor = actors[c.who] as Actor;
          const target = actors[c.forWhom] as Actor;
          const attempt = async () => {
            switch (c.step) {
              case 'present':
              case 'start-clarifying':
              case 'start-reactions':
              case 'withdraw':
                return run(deps, actor, advanceProposal, { proposalId, step: c.step });
              case 'amend':
                return run(deps, actor, amendProposal, { ...text, text: `v${Math.random()}`, reason: 'Changed', proposalId });
              case 'start-consent-round':
                return run(deps, actor, startConsentRound, { proposalId, mode: 'meeting', meetingId });
              case 'close-round':
                return run(deps, actor, closeRound, { proposalId });
              case 'ask':
                return run(deps, actor, askQuestion, { proposalId, question: 'Why?' });
              case 'react':
                return run(deps, actor, addReaction, { proposalId, text: 'Hmm.' });
              case 'respond':
                return run(deps, actor, recordResponse, {
                  proposalId,
                  personId: target.personId,
                  response: c.objection ? 'objection' : 'consent',
                  reason: c.objection ? 'It would stop us reaching our aim.' : undefined,
                });
              case 'withdraw-objection':
                return run(deps, actor, withdrawObjection, { proposalId });
            }
          };
          let accepted = true;
          try {
            await attempt();
          } catch (error) {
            if (!(error instanceof DomainError)) throw error; // anything else is a bug
            accepted = false;
          }
          const after = await stateNow();
          if (!before || !after) throw new Error('proposal vanished');
          reached.add(after.state);
          if (!accepted) {
            assert.equal(after.state, before.state, `a refused ${c.step} changed the state`);
            assert.equal(after.version, before.version);
            continue;
          }
          const allowedFrom = proposalSteps[c.step].from as readonly ProposalState[];
          assert.ok(allowedFrom.includes(before.state), `${c.step} was accepted from ${before.state}`);
          if (after.state === 'adopted') {
            const answers = await deps.database.db
              .select()
              .from(consentResponses)
              .where(and(eq(consentResponses.proposalId, proposalId), eq(consentResponses.round, after.round)));
            for (const personId of full) {
              const a = answers.find((r) => r.personId === personId);
              assert.ok(a && !a.disputedAt && (a.response === 'consent' || a.withdrawnAt), 'adopted without every full participant consenting');
            }
          }
          if (c.step === 'close-round' && after.state !== 'adopted') {
            const answers = await deps.database.db
              .select()
              .from(consentResponses)
              .where(and(eq(consentResponses.proposalId, proposalId), eq(consentResponses.round, after.round)));
            const allConsent = full.every((p) => answers.some((a) => a.personId === p && (a.response === 'consent' || a.withdrawnAt)));
            assert.ok(!allConsent, 'every full participant consented but the proposal was not adopted');
          }
        }
      }),
      { numRuns: 25, seed: 20261123 },
    );
    // The generator must actually exercise the process, or the property proves little.
    for (const state of ['adopted', 'objections', 'consent_round', 'withdrawn']) assert.ok(reached.has(state), `no run reached ${state}`);
  });
});
