import { Conflict } from '../../../platform/errors.ts';
import type { AppealState } from './schema.ts';

/**
 * The appeal process as one table. Signing moves it to the circle once three unrelated
 * members have signed; the circle dismisses it, revises the decision (by a review proposal),
 * or passes it to the wider panel, whose word is final.
 */
export const appealSteps = {
  sign: { from: ['gathering'], to: ['gathering', 'circle_review'] },
  'circle-dismiss': { from: ['circle_review'], to: ['dismissed'] },
  'circle-revise': { from: ['circle_review'], to: ['revised'] },
  'to-panel': { from: ['circle_review'], to: ['panel_review'] },
  'panel-dismiss': { from: ['panel_review'], to: ['dismissed'] },
  'panel-uphold': { from: ['panel_review'], to: ['upheld'] },
} as const satisfies Record<string, { from: readonly AppealState[]; to: readonly AppealState[] }>;

export type AppealStep = keyof typeof appealSteps;

export function assertAppealStep(step: AppealStep, state: AppealState): void {
  if (!(appealSteps[step].from as readonly AppealState[]).includes(state)) {
    throw new Conflict(`That cannot be done while the appeal is ${state.replace('_', ' ')}.`);
  }
}

export const SIGNERS_NEEDED = 3;

/**
 * "Unrelated" (ours): no two signers belong to the same team, so one person's family and
 * supporters cannot appeal alone. Each signer's teams are given; any overlap relates them.
 */
export function areUnrelated(teamsBySigner: string[][]): boolean {
  const seen = new Set<string>();
  for (const teams of teamsBySigner) {
    for (const team of new Set(teams)) {
      if (seen.has(team)) return false;
    }
    for (const team of teams) seen.add(team);
  }
  return true;
}
