import { Conflict } from '../../platform/errors.ts';
import type { CallOutState, IntroductionState } from './schema.ts';

/**
 * A call-out's life. It is shared with supporters only after the team's owner (or their
 * advocate) has consented to the wording; who may take each step is in policy.ts.
 */
export const callOutSteps = {
  consent: { from: ['draft'], to: 'consented' },
  open: { from: ['consented'], to: 'open' },
  close: { from: ['draft', 'consented', 'open'], to: 'closed' },
} as const satisfies Record<string, { from: readonly CallOutState[]; to: CallOutState }>;
export type CallOutStep = keyof typeof callOutSteps;

export function assertCallOutStep(step: CallOutStep, state: CallOutState): CallOutState {
  const rule = callOutSteps[step];
  if ((rule.from as readonly CallOutState[]).includes(state)) return rule.to;
  if (step === 'open' && state === 'draft') throw new Conflict('This call-out cannot be shared until the team owner (or their advocate) has consented to it.');
  throw new Conflict(`That cannot be done: this call-out is ${state}.`);
}

/** A shortlisted supporter's way towards the team: introduced, met, then it went well or not. */
export const introductionSteps = {
  introduce: { from: ['shortlisted'], to: 'introduced' },
  meet: { from: ['introduced'], to: 'met' },
  'went-well': { from: ['met'], to: 'went_well' },
  'not-a-fit': { from: ['introduced', 'met'], to: 'not_a_fit' },
  // Once introduced, the outcome is recorded rather than the entry quietly taken away.
  remove: { from: ['shortlisted', 'not_a_fit'], to: 'removed' },
} as const satisfies Record<string, { from: readonly IntroductionState[]; to: IntroductionState }>;
export type IntroductionStep = keyof typeof introductionSteps;
export const introductionStepNames = Object.keys(introductionSteps) as IntroductionStep[];

export function assertIntroductionStep(step: IntroductionStep, state: IntroductionState): IntroductionState {
  const rule = introductionSteps[step];
  if (!(rule.from as readonly IntroductionState[]).includes(state)) {
    throw new Conflict(`That cannot be done: this introduction is ${state.replace(/_/g, ' ')}.`);
  }
  return rule.to;
}

/** The steps open from a state, for the buttons a page offers. */
export const introductionStepsFrom = (state: IntroductionState): IntroductionStep[] =>
  introductionStepNames.filter((s) => (introductionSteps[s].from as readonly IntroductionState[]).includes(state));
