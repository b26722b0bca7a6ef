import { Conflict } from '../../platform/errors.ts';
import type { MembershipState } from './schema.ts';

/** Membership's lifecycle (DOMAIN.md 2) as one table: step -> states it may start from -> result. */
export const membershipSteps = {
  'start-probation': { from: ['applied'], to: 'probation' },
  admit: { from: ['applied', 'probation'], to: 'admitted' },
  suspend: { from: ['admitted'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'admitted' },
  leave: { from: ['applied', 'probation', 'admitted', 'suspended'], to: 'left' },
  remove: { from: ['probation', 'admitted', 'suspended'], to: 'removed' },
} as const satisfies Record<string, { from: readonly MembershipState[]; to: MembershipState }>;

export type MembershipStep = keyof typeof membershipSteps;

export function membershipNext(step: MembershipStep, state: MembershipState): MembershipState {
  if (!(membershipSteps[step].from as readonly MembershipState[]).includes(state)) {
    throw new Conflict(`A membership that is ${state} cannot ${step.replace('-', ' ')}.`);
  }
  return membershipSteps[step].to;
}
