import { Conflict } from '../../platform/errors.ts';
import type { ConcernState, ConflictState } from './schema.ts';

const open = ['understanding', 'awaiting_response', 'exploring', 'outcome', 'monthly_review'] as const;

/**
 * A concern's life as one table. Every step writes a note; `to: null` steps record something
 * (a monthly review, the referral) without moving the concern on. A review goes back to
 * exploring when it needs more work. Closing a safeguarding concern has one more rule, in
 * commands.ts: the referral's outcome, or why it was not referred, must be recorded first.
 */
export const concernTable = {
  'ask-for-response': { from: ['understanding'], to: 'awaiting_response', label: 'We understand it: ask for a response' },
  explore: { from: ['awaiting_response', 'monthly_review'], to: 'exploring', label: 'Explore it' },
  'record-outcome': { from: ['exploring'], to: 'outcome', label: 'Record the outcome' },
  'start-monthly-review': { from: ['outcome'], to: 'monthly_review', label: 'Review it monthly' },
  review: { from: ['monthly_review'], to: null, label: 'Record this month\'s review' },
  close: { from: ['outcome', 'monthly_review'], to: 'closed', label: 'Close the concern' },
  refer: { from: open, to: null, label: 'Record the referral to the local authority' },
  'referral-outcome': { from: open, to: null, label: 'Record the outcome of the referral' },
  'not-referred': { from: open, to: null, label: 'Record why it was not referred' },
  'add-viewer': { from: open, to: null, label: 'Let someone else see it' },
} as const satisfies Record<string, { from: readonly ConcernState[]; to: ConcernState | null; label: string }>;

export type ConcernStep = keyof typeof concernTable;
/** The steps a handler chooses from on the concern page (the referral has its own forms). */
export const movingSteps = ['ask-for-response', 'explore', 'record-outcome', 'start-monthly-review', 'review', 'close'] as const satisfies readonly ConcernStep[];
export type MovingStep = (typeof movingSteps)[number];

export const concernStepsFrom = (state: ConcernState): MovingStep[] =>
  movingSteps.filter((s) => (concernTable[s].from as readonly ConcernState[]).includes(state));

/** The state after the step, or Conflict when the step is not allowed from here. */
export function assertConcernStep(step: ConcernStep, state: ConcernState): ConcernState {
  const rule = concernTable[step];
  if (!(rule.from as readonly ConcernState[]).includes(state)) {
    throw new Conflict(`That cannot be done while the concern is ${stateLabel(state)}.`);
  }
  return rule.to ?? state;
}

export const stateLabel = (state: ConcernState | ConflictState): string =>
  ({ understanding: 'being understood', awaiting_response: 'awaiting a response', exploring: 'being explored', outcome: 'at its outcome', monthly_review: 'in monthly review', closed: 'closed', step_1: 'at step 1', step_2: 'at step 2', step_3: 'at step 3', resolved: 'resolved' })[state];

/** The ways each conflict step may be taken (DOMAIN 4.3). */
export const conflictWays = {
  step_1: { direct: 'Talking directly', 'with-coach': 'Talking with a coach or a trusted member' },
  step_2: { 'coach-led': 'A coach-led conversation revisiting our agreements', 'local-circle': 'Raised with the Local Circle' },
  step_3: { facilitated: 'A facilitated resolution with more than two people', formal: 'Formal steps' },
} as const;

/** Conflict support as one table: up one step at a time (saying why), or resolved from any step. */
export const conflictTable = {
  'to-step-2': { from: ['step_1'], to: 'step_2', label: 'Move up to step 2' },
  'to-step-3': { from: ['step_2'], to: 'step_3', label: 'Move up to step 3' },
  resolve: { from: ['step_1', 'step_2', 'step_3'], to: 'resolved', label: 'Resolved' },
} as const satisfies Record<string, { from: readonly ConflictState[]; to: ConflictState; label: string }>;

export type ConflictStep = keyof typeof conflictTable;

export const conflictStepsFrom = (state: ConflictState): ConflictStep[] =>
  (Object.keys(conflictTable) as ConflictStep[]).filter((s) => (conflictTable[s].from as readonly ConflictState[]).includes(state));

export function assertConflictStep(step: ConflictStep, state: ConflictState): ConflictState {
  if (!(conflictTable[step].from as readonly ConflictState[]).includes(state)) {
    throw new Conflict(`That cannot be done: the conflict support is ${stateLabel(state)}.`);
  }
  return conflictTable[step].to;
}
