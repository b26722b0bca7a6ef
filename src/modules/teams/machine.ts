import { Conflict } from '../../platform/errors.ts';
import type { JoinState } from './schema.ts';

/**
 * Joining a team, as one table. Who may take each step is in policy.ts: the invited person
 * accepts; the owner's side (owner, advocate, the team's membership hat) approves; nobody
 * approves their own request.
 */
export const joinSteps = {
  accept: { from: ['invited'], to: 'trial' },
  decline: { from: ['invited'], to: 'declined' },
  approve: { from: ['requested'], to: 'trial' },
  refuse: { from: ['requested'], to: 'refused' },
  withdraw: { from: ['invited', 'requested'], to: 'withdrawn' },
  join: { from: ['trial'], to: 'joined' },
  'not-continue': { from: ['trial'], to: 'not_continued' },
} as const satisfies Record<string, { from: readonly JoinState[]; to: JoinState }>;

export type JoinStep = keyof typeof joinSteps;
export const isJoinStep = (s: unknown): s is JoinStep => typeof s === 'string' && s in joinSteps;

export function assertJoinStep(step: JoinStep, state: JoinState): JoinState {
  const rule = joinSteps[step];
  if (!(rule.from as readonly JoinState[]).includes(state)) {
    throw new Conflict(`That cannot be done: this is ${state.replace('_', ' ')}.`);
  }
  return rule.to;
}
