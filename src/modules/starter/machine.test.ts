import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Conflict } from '../../platform/errors.ts';
import { boardColumn } from './board.ts';
import { type EnquiryFacts, finished, isStage, nextState, starterStepNames, starterSteps, stepsAllowed } from './machine.ts';
import type { StageRecords } from './records.ts';
import { type EnquiryState, type Stage, enquiryStates } from './schema.ts';

const saved = { savedAt: '2026-01-05T09:00:00.000Z', savedBy: 'x' };
const everything: EnquiryFacts = {
  records: {
    beginning: { routines: 'r', supportWanted: 's', personalCareOrMedicines: 'yes', ...saved },
    matching: { consentToShare: 'no', ...saved },
    conversation: { metOn: '2026-01-05', trustAssessment: 't', ...saved },
  } as StageRecords,
  teamId: 'team',
  teamSelfManaging: true,
};
const refuses = (f: () => unknown, message?: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof Conflict && (!message || message.test(e.message)));

test('every (state, step) pair: allowed exactly when the table lists the state, refused with Conflict otherwise', () => {
  for (const state of enquiryStates) {
    for (const step of starterStepNames) {
      const listed = (starterSteps[step].from as readonly EnquiryState[]).includes(state);
      if (listed) assert.ok(enquiryStates.includes(nextState(step, state, 'matching', everything)), `${step} from ${state}`);
      else refuses(() => nextState(step, state, 'matching', everything));
    }
  }
});

test('signposted, ended and self-managing are final: no step leaves them', () => {
  for (const state of finished) for (const step of starterStepNames) refuses(() => nextState(step, state, null, everything));
});

test('stage 4 is required when personal care or medicines are involved, and may be skipped otherwise', () => {
  const at3 = (care: 'yes' | 'no' | undefined, conversation = false): EnquiryFacts => ({
    ...everything,
    records: {
      matching: everything.records.matching,
      ...(care ? { beginning: { ...everything.records.beginning, personalCareOrMedicines: care } } : {}),
      ...(conversation ? { conversation: everything.records.conversation } : {}),
    } as StageRecords,
  });
  refuses(() => nextState('agree-profiles', 'matching', null, at3('yes')), /stage 4\) must come first/);
  refuses(() => nextState('agree-profiles', 'matching', null, at3(undefined)), /not yet known/);
  assert.equal(nextState('agree-profiles', 'matching', null, at3('no')), 'profiles');
  assert.equal(nextState('agree-profiles', 'conversation', null, at3('yes', true)), 'profiles');
  refuses(() => nextState('agree-profiles', 'conversation', null, at3('yes')), /stage 4/);
});

test('a team must be started before building it, and be self-managing before the Team Starter leaves', () => {
  refuses(() => nextState('build-team', 'profiles', null, { ...everything, teamId: null }), /Start the team first/);
  refuses(() => nextState('self-managing', 'stepping_back', null, { ...everything, teamSelfManaging: false }), /^The team is not self-managing yet: essential hats are not all held$/);
  assert.equal(nextState('self-managing', 'stepping_back', null, everything), 'self_managing');
});

test('random walks: every state reached is a known one, a paused enquiry comes back to where it was', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...starterStepNames), { maxLength: 40 }), fc.boolean(), (steps, selfManaging) => {
      let state: EnquiryState = 'first_contact';
      let resume: Stage | null = null;
      for (const step of steps) {
        let next: EnquiryState;
        try {
          next = nextState(step, state, resume, { ...everything, teamSelfManaging: selfManaging });
        } catch (error) {
          assert.ok(error instanceof Conflict);
          continue;
        }
        assert.ok(enquiryStates.includes(next));
        assert.ok(!finished.includes(state), 'nothing leaves a final state');
        if (step === 'resume') assert.equal(next, resume);
        if (next === 'on_hold' || next === 'waitlisted') resume = isStage(state) ? state : resume;
        if (next === 'self_managing') assert.ok(selfManaging);
        state = next;
      }
    }),
    { numRuns: 300 },
  );
});

test('board columns: one mapping for every state, and a due check-in comes first unless ended', () => {
  const today = '2026-03-10';
  const expected: Record<EnquiryState, string> = {
    first_contact: 'interest', beginning: 'interest',
    matching: 'introductions', building: 'introductions',
    conversation: 'supportive-conversation', profiles: 'supportive-conversation',
    organising: 'getting-support', stepping_back: 'getting-support', self_managing: 'getting-support',
    on_hold: 'on-hold', waitlisted: 'on-hold',
    signposted: 'ended', ended: 'ended',
  };
  for (const state of enquiryStates) {
    assert.equal(boardColumn({ state, nextCheckIn: '2026-03-11' }, today), expected[state], state);
    const due = boardColumn({ state, nextCheckIn: today }, today);
    assert.equal(due, expected[state] === 'ended' ? 'ended' : 'check-in-due', `${state} with a check-in due today`);
    assert.equal(boardColumn({ state, nextCheckIn: '2026-01-01' }, today), due, `${state} with a check-in overdue`);
  }
});

test('an enquiry page offers only the steps the command would take: stage 5 waits for the trust assessment when care is involved', () => {
  const before: EnquiryFacts = { ...everything, records: { beginning: everything.records.beginning, matching: everything.records.matching } as StageRecords, teamId: null, teamSelfManaging: false };
  assert.ok(!stepsAllowed('matching', before).includes('agree-profiles'));
  assert.ok(stepsAllowed('matching', before).includes('converse'));
  assert.ok(stepsAllowed('matching', everything).includes('agree-profiles'));
  for (const state of enquiryStates) {
    for (const step of stepsAllowed(state, before)) assert.doesNotThrow(() => nextState(step, state, 'matching', before), `${state}: ${step} is offered, so it is allowed`);
  }
});
