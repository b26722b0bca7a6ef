import { Conflict } from '../../../platform/errors.ts';
import type { careRates } from '../schema.ts';

/**
 * Rates and expenses, each as one table of allowed steps. A rate is proposed by one side and
 * agreed by the other (or withdrawn); an agreed rate is never changed, only superseded by a
 * later agreed one. An expense is approved or rejected once.
 */
export type RateState = 'proposed' | 'agreed' | 'withdrawn';
export const rateSteps = {
  agree: { from: ['proposed'], to: 'agreed' },
  withdraw: { from: ['proposed'], to: 'withdrawn' },
} as const satisfies Record<string, { from: readonly RateState[]; to: RateState }>;

export type ExpenseState = 'submitted' | 'approved' | 'rejected';
export const expenseSteps = {
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
} as const satisfies Record<string, { from: readonly ExpenseState[]; to: ExpenseState }>;

export const rateState = (r: Pick<typeof careRates.$inferSelect, 'agreedAt' | 'withdrawnAt'>): RateState => (r.agreedAt ? 'agreed' : r.withdrawnAt ? 'withdrawn' : 'proposed');

export function assertStep<S extends string>(steps: Record<string, { from: readonly S[]; to: S }>, step: string, state: S, what: string): S {
  const rule = steps[step];
  if (!rule || !rule.from.includes(state)) throw new Conflict(`That cannot be done: this ${what} is already ${state}.`);
  return rule.to;
}
