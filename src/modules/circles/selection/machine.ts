import { Conflict } from '../../../platform/errors.ts';
import type { SelectionState } from './schema.ts';

/** The selection process of DOMAIN.md 3.2 as one table. */
export const selectionSteps = {
  nominate: { from: ['nominating', 'change_round'], to: null },
  'open-nomination-round': { from: ['nominating'], to: 'nomination_round' },
  'open-change-round': { from: ['nomination_round'], to: 'change_round' },
  propose: { from: ['change_round', 'objections'], to: 'proposed' },
  'start-consent-round': { from: ['proposed'], to: 'consent_round' },
  respond: { from: ['consent_round'], to: null },
  'close-round': { from: ['consent_round'], to: ['appointed', 'objections'] },
  // An answer recorded for someone at a meeting, disputed by them: the round is open again.
  reopen: { from: ['consent_round', 'objections', 'appointed'], to: 'consent_round' },
  cancel: { from: ['nominating', 'nomination_round', 'change_round', 'proposed', 'consent_round', 'objections'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly SelectionState[]; to: SelectionState | readonly SelectionState[] | null }>;

export type SelectionStep = keyof typeof selectionSteps;

export function canTakeSelection(step: SelectionStep, state: SelectionState): boolean {
  return (selectionSteps[step].from as readonly SelectionState[]).includes(state);
}

export function assertSelectionStep(step: SelectionStep, state: SelectionState): void {
  if (!canTakeSelection(step, state)) throw new Conflict(`That cannot be done while the selection is at ${state.replace('_', ' ')}.`);
}

export function nextSelectionState(step: SelectionStep, state: SelectionState): SelectionState {
  assertSelectionStep(step, state);
  const to = selectionSteps[step].to;
  if (typeof to !== 'string') throw new Error(`step ${step} has no single next state`);
  return to;
}
