import type { Actor } from '../platform/authz.ts';
import { type Clock, DAY } from '../platform/clock.ts';
import { type Command, run } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { addDays, dateFormat, localDate } from '../platform/zoned-time.ts';
import { circles } from '../modules/circles/schema.ts';
import { advanceProposal } from '../modules/decisions/commands/advance-proposal.ts';
import { closeRound as closeConsentRound } from '../modules/decisions/commands/close-round.ts';
import { draftProposal } from '../modules/decisions/commands/draft-proposal.ts';
import { recordResponse } from '../modules/decisions/commands/record-response.ts';
import { startConsentRound } from '../modules/decisions/commands/start-consent-round.ts';
import { fullParticipants } from '../modules/decisions/load.ts';
import { proposals } from '../modules/decisions/schema.ts';
import { answerRound, statementsFor } from '../modules/survey/answer.ts';
import { answerChoices } from '../modules/survey/audience.ts';
import { closeRound, openRound } from '../modules/survey/commands.ts';
import { type StakeholderGroup, surveyAnswers, surveyResponses } from '../modules/survey/schema.ts';
import { STANDARD_SET_ID, statementsOf } from '../modules/survey/standard-set.ts';
import { extendDemo } from './seed.ts';
import { eq } from 'drizzle-orm';

// The Purpose Circle's social climate survey: two rounds finished (five months and two
// months ago), each decided by consent, and a third open now for the demo people to answer.
// The finished rounds also hold synthetic answers standing for the rest of a real co-op (the
// demo has only a handful of people), so their results pass the rule of five and show change.

/** The average the synthetic answers lean to, per round, group and domain: things get better. */
const leaning: Record<StakeholderGroup, Record<string, [number, number]>> = {
  worker: { growth: [3.1, 3.6], wellbeing: [3.5, 3.7], systems: [2.4, 3.2] },
  family: { growth: [3.4, 3.5], wellbeing: [2.6, 3.1], systems: [2.9, 3.4] },
  supported: { growth: [3.8, 4.0], wellbeing: [4.1, 4.2], systems: [3.0, 3.6] },
};
const synthetic: [StakeholderGroup, number][] = [['worker', 11], ['family', 6], ['supported', 7]];

extendDemo(async (deps, p) => {
  const all = await deps.database.db.select().from(circles);
  const purpose = all.find((c) => c.name === 'Purpose Circle');
  const local = all.find((c) => c.name === 'Calderdale Local Circle');
  if (!purpose || !local) return;
  const halifax = all.find((c) => c.name === 'Halifax Neighbourhood Circle') ?? local;
  const tom: Actor = { personId: p.tom as string, name: 'Tom', isAdmin: false, via: 'session' };
  const ada: Actor = { personId: p.admin as string, name: 'Ada', isAdmin: true, via: 'session' };
  const then = (daysAgo: number): { database: typeof deps.database; clock: Clock } => ({ database: deps.database, clock: { now: () => new Date(deps.clock.now().getTime() - daysAgo * DAY) } });
  const month = (daysAgo: number) => dateFormat('en-GB', { month: 'long', year: 'numeric' }).format(then(daysAgo).clock.now());
  let seed = 7;
  const noise = () => {
    seed = (seed * 48271) % 2147483647;
    return (seed / 2147483647 - 0.5) * 2.2;
  };

  /** The Purpose Circle consents, online, to a round; then Tom opens it. */
  const decideAndOpen = async (daysAgo: number, title: string) => {
    const at = then(daysAgo);
    const go = <I, O>(actor: Actor, command: Command<I, O>, input: I) => run(at, actor, command, input);
    const today = localDate(at.clock.now());
    const { proposalId } = await go(tom, draftProposal, {
      circleId: purpose.id, title: `Run the social climate survey: ${title}`, inDomain: 'on', reviewDate: addDays(today, 365),
      driver: 'We want to hear how people in the co-op are doing, and act on it, each season.',
      text: 'Everyone in the co-op is asked the standard statements for two weeks; the circle talks the results through at its next meeting.',
      effects: [{ kind: 'run_survey_round', title, setId: STANDARD_SET_ID, audienceCircleId: '', opensOn: today, closesOn: addDays(today, 13) }],
    });
    for (const step of ['present', 'start-clarifying', 'start-reactions'] as const) await go(tom, advanceProposal, { proposalId, step });
    await go(tom, startConsentRound, { proposalId, mode: 'online', deadline: new Date(at.clock.now().getTime() + 2 * DAY).toISOString() });
    // Every full participant then (the Local Circle's Leader and Delegate sit in it by their hats).
    for (const personId of await fullParticipants(deps.database.db, purpose.id, at.clock.now())) {
      await go({ personId, name: 'Member', isAdmin: personId === ada.personId, via: 'session' }, recordResponse, { proposalId, response: 'consent' });
    }
    await go(tom, closeConsentRound, { proposalId });
    const [adopted] = await deps.database.db.select({ entryId: proposals.logbookEntryId }).from(proposals).where(eq(proposals.id, proposalId));
    return go(tom, openRound, { circleId: purpose.id, decisionId: adopted?.entryId });
  };

  const statements = await statementsOf(deps.database.db, STANDARD_SET_ID);
  for (const [i, daysAgo] of [150, 60].entries()) {
    const { roundId } = await decideAndOpen(daysAgo, month(daysAgo));
    // Some demo people answered for themselves ...
    for (const who of ['sam', 'tom', 'june', 'rose'].slice(0, 2 + i)) {
      const actor: Actor = { personId: p[who] as string, name: who, isAdmin: false, via: 'session' };
      const at = then(daysAgo - 3);
      const about = (await answerChoices(deps.database.db, null, actor.personId))[0];
      if (!about) continue;
      const fields: Record<string, unknown> = { roundId, about: about.circleId };
      for (const s of await statementsFor(deps.database.db, STANDARD_SET_ID, about.group)) fields[`s-${s.id}`] = String(3 + ((s.position + i) % 3));
      await run(at, actor, answerRound, fields);
    }
    // ... and synthetic answers stand for the rest of the co-op, in Calderdale and Halifax.
    for (const [group, count] of synthetic) {
      for (let n = 0; n < count; n += 1) {
        const responseId = newId();
        await deps.database.db.insert(surveyResponses).values({ id: responseId, roundId, stakeholderGroup: group, circleId: n % 2 ? halifax.id : local.id });
        await deps.database.db.insert(surveyAnswers).values(statements.filter((s) => s.stakeholderGroup === group).map((s) => ({
          responseId, statementId: s.id, score: Math.min(5, Math.max(1, Math.round((leaning[group][s.domain] as [number, number])[i] as number + noise()))),
          comment: n === 0 && s.position % 6 === 5 ? ['The rota changes too late in the week.', 'Much better since the rota is out a week ahead.'][i] ?? null : null,
        })));
      }
    }
    await run(then(daysAgo - 14), tom, closeRound, { roundId });
  }
  await decideAndOpen(0, month(0));
});
