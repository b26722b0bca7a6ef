import { Conflict } from '../../platform/errors.ts';
import type { StageRecords } from './records.ts';
import { type EnquiryState, type Stage, stages } from './schema.ts';

const early = ['first_contact', 'beginning', 'matching', 'conversation'] as const satisfies readonly Stage[];

/** What the guards need to know about an enquiry beyond its state. */
export interface EnquiryFacts {
  records: StageRecords;
  teamId: string | null;
  /** The team's `teams.selfManagingAt` is set (recorded by the teams module when the Team Starter steps back). */
  teamSelfManaging: boolean;
}
type Guard = (f: EnquiryFacts) => string | null;

const recorded = (stage: Stage, label: string): Guard => (f) => (f.records[stage] ? null : `Record what ${label} learned before moving on.`);

/**
 * Starting a team (DOMAIN 4.1) as one table. `to: 'resume'` returns to the stage the enquiry
 * was paused at. A guard returns the reason a step is refused, or null.
 */
export const starterSteps = {
  begin: { from: ['first_contact'], to: 'beginning', label: 'Begin the relationship (stage 2)' },
  match: { from: ['beginning'], to: 'matching', label: 'Find the right match (stage 3)', guard: recorded('beginning', 'beginning the relationship') },
  converse: { from: ['matching'], to: 'conversation', label: 'Supportive conversation and trust assessment (stage 4)', guard: recorded('matching', 'finding the right match') },
  'agree-profiles': {
    from: ['matching', 'conversation'],
    to: 'profiles',
    label: 'Profiles and promises (stage 5)',
    guard: (f: EnquiryFacts) => {
      if (!f.records.matching) return 'Record what finding the right match learned before moving on.';
      if (f.records.conversation) return null;
      if (f.records.beginning?.personalCareOrMedicines === 'no') return null;
      return 'Personal care or medicines are involved (or not yet known): the supportive conversation and trust assessment (stage 4) must come first.';
    },
  },
  'build-team': { from: ['profiles'], to: 'building', label: 'Build the team (stage 6)', guard: (f: EnquiryFacts) => (f.teamId ? null : 'Start the team first: link the person getting support and start their team.') },
  organise: { from: ['building'], to: 'organising', label: 'Get organised (stage 7)' },
  'step-back': { from: ['organising'], to: 'stepping_back', label: 'Step back (stage 8)' },
  'self-managing': {
    from: ['stepping_back'],
    to: 'self_managing',
    label: 'The team is self-managing: the Team Starter leaves',
    guard: (f: EnquiryFacts) => (f.teamSelfManaging ? null : 'The team is not self-managing yet: essential hats are not all held'),
  },
  waitlist: { from: early, to: 'waitlisted', label: 'Put on the waiting list (no suitable supporters yet)' },
  signpost: { from: [...early, 'waitlisted'], to: 'signposted', label: 'Signpost elsewhere (ends the enquiry)' },
  hold: { from: stages, to: 'on_hold', label: 'Put on hold' },
  resume: { from: ['on_hold', 'waitlisted'], to: 'resume', label: 'Take up again' },
  end: { from: [...stages, 'on_hold', 'waitlisted'], to: 'ended', label: 'End the enquiry' },
} as const satisfies Record<string, { from: readonly EnquiryState[]; to: EnquiryState | 'resume'; label: string; guard?: Guard }>;

export type StarterStep = keyof typeof starterSteps;
export const starterStepNames = Object.keys(starterSteps) as StarterStep[];
export const isStarterStep = (s: unknown): s is StarterStep => typeof s === 'string' && Object.hasOwn(starterSteps, s);

export const finished: readonly EnquiryState[] = ['signposted', 'ended', 'self_managing'];
export const isStage = (s: EnquiryState): s is Stage => (stages as readonly string[]).includes(s);
export const stageNumber = (s: Stage): number => stages.indexOf(s) + 1;

/** The steps the table allows from a state (guards aside): the buttons an enquiry page offers. */
export const stepsFrom = (state: EnquiryState): StarterStep[] =>
  starterStepNames.filter((step) => (starterSteps[step].from as readonly EnquiryState[]).includes(state));

/**
 * The steps that would be allowed now, guards included: the buttons an enquiry page offers, so
 * none is offered that the command would refuse (stage 5 before the trust assessment, say).
 */
export const stepsAllowed = (state: EnquiryState, facts: EnquiryFacts): StarterStep[] =>
  stepsFrom(state).filter((step) => !(starterSteps[step] as { guard?: Guard }).guard?.(facts));

/** Where a step leads, or a Conflict saying why not. `resumeState` is where a paused enquiry was. */
export function nextState(step: StarterStep, state: EnquiryState, resumeState: Stage | null, facts: EnquiryFacts): EnquiryState {
  const rule: { from: readonly EnquiryState[]; to: EnquiryState | 'resume'; guard?: Guard } = starterSteps[step];
  if (!rule.from.includes(state)) throw new Conflict(`That cannot be done: the enquiry is ${stateLabel(state)}.`);
  const refused = rule.guard?.(facts);
  if (refused) throw new Conflict(refused);
  if (rule.to !== 'resume') return rule.to;
  return resumeState ?? 'first_contact';
}

const labels: Record<EnquiryState, string> = {
  first_contact: 'at first contact (stage 1)',
  beginning: 'beginning the relationship (stage 2)',
  matching: 'finding the right match (stage 3)',
  conversation: 'in the supportive conversation (stage 4)',
  profiles: 'at profiles and promises (stage 5)',
  building: 'building the team (stage 6)',
  organising: 'getting organised (stage 7)',
  stepping_back: 'stepping back (stage 8)',
  waitlisted: 'on the waiting list',
  signposted: 'signposted elsewhere',
  on_hold: 'on hold',
  ended: 'ended',
  self_managing: 'a self-managing team',
};
export const stateLabel = (s: EnquiryState): string => labels[s];
