import { Conflict } from '../../../platform/errors.ts';
import type { CareLogState } from '../schema.ts';

/**
 * A care log's life as one table (DOMAIN.md 5). `by` says who takes the step: one of the two
 * sides (the supporter, or the owner or their advocate), the resolvers (the Local Circle's
 * Coaches and Leader), or the system (auto-confirm). `to` lists where the step can lead:
 * - confirm from pending stays pending until both sides have confirmed; from adjusted it is
 *   the other side's agreement, so it always confirms.
 * - adjust proposes new times with a reason; the adjuster's confirmation stands, the other's is cleared.
 * - resolve ends a dispute: confirmed with agreed times, or void (the support did not happen).
 * - correct does not move the log: it starts a new, linked log (pending) that goes through
 *   this same table. Confirmed and void logs take no other step: they never change.
 */
export const careLogTable = {
  confirm: { from: ['pending', 'adjusted'], to: ['pending', 'confirmed'], by: 'side', label: 'Confirm' },
  adjust: { from: ['pending', 'adjusted'], to: ['adjusted'], by: 'side', label: 'Adjust the times' },
  dispute: { from: ['pending', 'adjusted'], to: ['disputed'], by: 'side', label: 'Dispute' },
  resolve: { from: ['disputed'], to: ['confirmed', 'void'], by: 'resolver', label: 'Resolve the dispute' },
  correct: { from: ['confirmed'], to: [], by: 'side', label: 'Correct this log' },
  'auto-confirm': { from: ['pending'], to: ['confirmed'], by: 'system', label: 'Confirmed automatically' },
} as const satisfies Record<string, { from: readonly CareLogState[]; to: readonly CareLogState[]; by: 'side' | 'resolver' | 'system'; label: string }>;

export type CareLogStep = keyof typeof careLogTable;
export const careLogSteps = Object.keys(careLogTable) as CareLogStep[];

export const stateLabel = (state: CareLogState): string =>
  ({ pending: 'waiting for confirmation', adjusted: 'new times proposed', confirmed: 'confirmed', disputed: 'disputed', void: 'void: the support did not happen' })[state];

export const stepAllowed = (step: CareLogStep, state: CareLogState): boolean => (careLogTable[step].from as readonly CareLogState[]).includes(state);

/** Conflict (409) when the step cannot be taken from this state; a confirmed log never changes. */
export function assertCareLogStep(step: CareLogStep, state: CareLogState): void {
  if (stepAllowed(step, state)) return;
  if (state === 'confirmed' && step !== 'correct') throw new Conflict('This care log is confirmed and can no longer change. To put something right, correct it: that makes a new, linked log.');
  if (state === 'void') throw new Conflict('This care log is void and can no longer change.');
  if (step === 'correct') throw new Conflict('Only a confirmed care log is corrected. Until then, adjust its times or dispute it.');
  if (state === 'disputed') throw new Conflict("This care log is disputed: the team's coach or the Local Circle's leader resolves it.");
  throw new Conflict(`That cannot be done while the care log is ${stateLabel(state)}.`);
}
