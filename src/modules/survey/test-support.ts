// Factories for the survey's tests (not a test file itself).
import { eq } from 'drizzle-orm';
import { actorOf, circleWith } from '../../../test/support/circles.ts';
import type { Actor } from '../../platform/authz.ts';
import { DAY, type FakeClock } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import type { Database } from '../../platform/db.ts';
import { localDate, addDays } from '../../platform/zoned-time.ts';
import { adoptedDecision } from '../decisions/mandates/test-support.ts';
import { answerRound, statementsFor } from './answer.ts';
import { answerChoices } from './audience.ts';
import { surveyRounds } from './schema.ts';
import { openRound } from './commands.ts';
import { STANDARD_SET_ID } from './standard-set.ts';

type Deps = { database: Database; clock: FakeClock };

/** The effect a round's decision carries: the standard statements, open from today for a week. */
export const roundEffect = (deps: Deps, terms: Record<string, unknown> = {}) => {
  const today = localDate(deps.clock.now());
  return { kind: 'run_survey_round', title: 'Spring round', setId: STANDARD_SET_ID, audienceCircleId: '', opensOn: today, closesOn: addDays(today, 7), ...terms };
};

/**
 * A Purpose Circle (two full participants and a learner) with a Local Circle under it whose
 * people (`workers`, full participants) and a second Local Circle's (`others`) are asked.
 */
export async function surveySetup(deps: Deps, sizes: { workers?: number; others?: number } = {}) {
  const purpose = await circleWith(deps, ['full', 'full', 'learning'], { name: `Purpose ${Math.random()}` });
  const local = await circleWith(deps, Array(sizes.workers ?? 6).fill('full'), { name: `Calder ${Math.random()}`, parentId: purpose.circleId });
  const other = await circleWith(deps, Array(sizes.others ?? 0).fill('full'), { name: `Kirklees ${Math.random()}`, parentId: purpose.circleId });
  const [keeper, second, learner] = purpose.people.map(actorOf) as [Actor, Actor, Actor];
  return { purpose, local, other, keeper, second, learner };
}

/** An adopted decision of the circle to run a round, and the round opened on it. */
export async function openedRound(deps: Deps, circleId: string, opener: Actor, terms: Record<string, unknown> = {}) {
  const { entryId } = await adoptedDecision(deps, circleId, [roundEffect(deps, terms)], 'Run the survey');
  const { roundId } = await run(deps, opener, openRound, { circleId, decisionId: entryId });
  return { roundId, entryId };
}

/** A person answers every statement of their group with this score. */
export async function answerAll(deps: Deps, person: Actor, roundId: string, score: number, about?: string, comment?: string) {
  const [round] = await deps.database.db.select().from(surveyRounds).where(eq(surveyRounds.id, roundId));
  const choices = await answerChoices(deps.database.db, round?.audienceCircleId ?? null, person.personId);
  const chosen = choices.find((c) => c.circleId === about) ?? choices[0];
  const fields: Record<string, unknown> = { roundId, about: chosen?.circleId };
  for (const s of await statementsFor(deps.database.db, round?.setId ?? STANDARD_SET_ID, chosen?.group ?? 'worker')) {
    fields[`s-${s.id}`] = String(score);
    if (comment) fields[`c-${s.id}`] = comment;
  }
  return run(deps, person, answerRound, fields);
}

export const WEEK = 7 * DAY;
