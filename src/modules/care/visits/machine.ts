import { Conflict } from '../../../platform/errors.ts';
import type { visitStates } from '../schema.ts';

export type VisitState = (typeof visitStates)[number];

/**
 * A visit's life, as one table: while booked it can be rearranged, joined, left, cancelled or
 * ended; a cancelled or ended visit stays as it is (it is the record of what was planned).
 */
export const visitSteps = {
  rearrange: { from: ['booked'], to: 'booked' },
  join: { from: ['booked'], to: 'booked' },
  leave: { from: ['booked'], to: 'booked' },
  cancel: { from: ['booked'], to: 'cancelled' },
  end: { from: ['booked'], to: 'ended' },
} as const satisfies Record<string, { from: readonly VisitState[]; to: VisitState }>;

export type VisitStep = keyof typeof visitSteps;

export function assertVisitStep(step: VisitStep, state: VisitState): VisitState {
  const rule = visitSteps[step];
  if (!(rule.from as readonly VisitState[]).includes(state)) {
    throw new Conflict(`That cannot be done: this visit is ${state}.`);
  }
  return rule.to;
}
