import { Conflict } from '../../platform/errors.ts';
import type { ProposalState } from './schema.ts';

/**
 * The proposal process of DOMAIN.md 3.1, as one table: for each step, the states it may be
 * taken from and the state it leads to. `close-round` is the only step whose result depends
 * on the answers; its possible results are listed and checked by closeRound.
 */
export const proposalSteps = {
  present: { from: ['draft'], to: 'presented' },
  'start-clarifying': { from: ['presented'], to: 'clarifying' },
  'start-reactions': { from: ['clarifying'], to: 'reactions' },
  amend: { from: ['draft', 'reactions', 'objections'], to: null }, // draft/reactions stay; objections -> amended
  // Again from consent_round only when an online deadline passed without everyone (the command checks).
  'start-consent-round': { from: ['reactions', 'amended', 'consent_round'], to: 'consent_round' },
  'close-round': { from: ['consent_round', 'objections'], to: ['adopted', 'objections', 'consent_round', 'awaiting_resolution'] },
  // A long-term decision is settled by the members' resolution on it.
  'settle-by-resolution': { from: ['awaiting_resolution'], to: ['adopted', 'rejected'] },
  withdraw: { from: ['draft', 'presented', 'clarifying', 'reactions', 'consent_round', 'objections', 'amended'], to: 'withdrawn' },
  refer: { from: ['consent_round', 'objections', 'amended'], to: 'referred' },
  // An answer recorded for someone at a meeting, disputed by them: the round is open again.
  reopen: { from: ['consent_round', 'objections', 'awaiting_resolution', 'adopted'], to: 'consent_round' },
  // Activities allowed within a state, which do not move it.
  ask: { from: ['clarifying'], to: null },
  answer: { from: ['clarifying'], to: null },
  react: { from: ['reactions'], to: null },
  respond: { from: ['consent_round'], to: null },
  'withdraw-objection': { from: ['objections'], to: null },
} as const satisfies Record<string, { from: readonly ProposalState[]; to: ProposalState | readonly ProposalState[] | null }>;

export type ProposalStep = keyof typeof proposalSteps;

const stepLabels: Record<ProposalStep, string> = {
  present: 'present it',
  'start-clarifying': 'start clarifying questions',
  'start-reactions': 'start reactions',
  amend: 'amend it',
  'start-consent-round': 'start a consent round',
  'close-round': 'close the round',
  withdraw: 'withdraw it',
  'settle-by-resolution': 'settle it by a resolution',
  refer: 'refer it to the parent circle',
  reopen: 'reopen the round',
  ask: 'ask a clarifying question',
  answer: 'answer a question',
  react: 'add a reaction',
  respond: 'answer in the consent round',
  'withdraw-objection': 'withdraw an objection',
};

export function canTake(step: ProposalStep, state: ProposalState): boolean {
  return (proposalSteps[step].from as readonly ProposalState[]).includes(state);
}

/** Refuse an illegal step with a clear 409. */
export function assertStep(step: ProposalStep, state: ProposalState): void {
  if (!canTake(step, state)) {
    throw new Conflict(`You cannot ${stepLabels[step]} while the proposal is ${state.replace('_', ' ')}.`);
  }
}

/** The single next state of a step that has one (not close-round, not activities). */
export function nextState(step: ProposalStep, state: ProposalState): ProposalState {
  assertStep(step, state);
  if (step === 'amend') return state === 'objections' ? 'amended' : state;
  const to = proposalSteps[step].to;
  if (typeof to !== 'string') throw new Error(`step ${step} has no single next state`);
  return to;
}

export const openStates: ProposalState[] = ['draft', 'presented', 'clarifying', 'reactions', 'consent_round', 'objections', 'amended', 'awaiting_resolution'];

/**
 * The consent rule: adopted only when every full participant has consented in this round.
 * Silence at an online deadline blocks, unless the circle's policy says it counts.
 */
export function roundOutcome(input: {
  fullParticipants: string[];
  responses: { personId: string; response: 'consent' | 'objection'; withdrawn: boolean }[];
  deadlinePassed: boolean;
  silenceIsConsent: boolean;
}): 'adopted' | 'objections' | 'waiting' {
  const byPerson = new Map(input.responses.map((r) => [r.personId, r]));
  const open = input.responses.filter((r) => r.response === 'objection' && !r.withdrawn && input.fullParticipants.includes(r.personId));
  if (open.length > 0) return 'objections';
  const silent = input.fullParticipants.filter((p) => !byPerson.has(p));
  if (silent.length === 0) return 'adopted';
  if (input.deadlinePassed && input.silenceIsConsent) return 'adopted';
  return 'waiting';
}
