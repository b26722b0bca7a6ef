import { MIN_GROUP } from './words.ts';

export interface Folded {
  /** Keys shown on their own, each with at least `min` answers. */
  shown: string[];
  /** Keys folded together into "others". */
  folded: string[];
  /** Whether "others" is shown: only when it too has at least `min` answers. */
  othersShown: boolean;
}

/**
 * The rule of five (ADR 0026) for one way of cutting the results (by team or circle, or by
 * stakeholder group): a group with fewer than `min` answers is never shown on its own; such
 * groups are folded into "others". If "others" is then smaller than `min` (but not empty),
 * the smallest shown groups are folded in too until it is not: otherwise "others" could be
 * worked out by subtracting the shown groups from the total. If even everything together is
 * smaller than `min`, nothing at all is shown.
 */
export function foldSmallGroups(groups: { key: string; n: number }[], min: number): Folded {
  if (!(min >= MIN_GROUP)) throw new Error(`The rule of five: never fewer than ${MIN_GROUP} (asked for ${min})`);
  const present = groups.filter((g) => g.n > 0).sort((a, b) => a.n - b.n || a.key.localeCompare(b.key));
  const total = present.reduce((sum, g) => sum + g.n, 0);
  if (total < min) return { shown: [], folded: present.map((g) => g.key), othersShown: false };
  const folded = present.filter((g) => g.n < min);
  const shown = present.filter((g) => g.n >= min);
  let others = folded.reduce((sum, g) => sum + g.n, 0);
  while (others > 0 && others < min) {
    const next = shown.shift() as { key: string; n: number };
    folded.push(next);
    others += next.n;
  }
  return { shown: shown.map((g) => g.key), folded: folded.map((g) => g.key), othersShown: others >= min };
}
