import type { Actor } from '../platform/authz.ts';
import { DAY } from '../platform/clock.ts';
import { type Command, run } from '../platform/context.ts';
import { recordLogbookEntry } from '../modules/circles/commands/record-logbook-entry.ts';
import { circles } from '../modules/circles/schema.ts';
import { isoDate } from '../modules/circles/dates.ts';
import { advanceProposal } from '../modules/decisions/commands/advance-proposal.ts';
import { amendProposal } from '../modules/decisions/commands/amend-proposal.ts';
import { closeRound } from '../modules/decisions/commands/close-round.ts';
import { addReaction, askQuestion } from '../modules/decisions/commands/discussion.ts';
import { draftProposal } from '../modules/decisions/commands/draft-proposal.ts';
import { holdMeeting } from '../modules/circles/meetings/fixtures.ts';
import { moveMeeting } from '../modules/circles/meetings/commands.ts';
import { recordResponse } from '../modules/decisions/commands/record-response.ts';
import { referProposal } from '../modules/decisions/commands/refer-proposal.ts';
import { startConsentRound } from '../modules/decisions/commands/start-consent-round.ts';
import { addEffect } from '../modules/decisions/mandates/commands.ts';
import { extendDemo } from './seed.ts';

// A proposal in every stage of the consent process in the Calderdale Local Circle (Tom is
// the author, Priya the facilitator; Sam and Tom are its full participants), policies in the logbook
// with some due for review, an appeal gathering signatures, and decisions stating their mandate
// (one adopted, creating a circle; a draft changing the domain). The welcome pool's allowance is in credits.ts.
extendDemo(async (deps, p) => {
  const [local] = (await deps.database.db.select().from(circles)).filter((c) => c.name === 'Calderdale Local Circle');
  if (!local) return;
  const person = (key: string): Actor => ({ personId: p[key] as string, name: key, isAdmin: false, via: 'session' });
  const tom = person('tom');
  const sam = person('sam');
  const priya = person('priya'); // wears the circle's Facilitator hat while learning: she refers, but records no one's answer
  const go = <I, O>(actor: Actor, command: Command<I, O>, input: I) => run(deps, actor, command, input);
  const review = isoDate(new Date(deps.clock.now().getTime() + 180 * DAY));

  const draft = async (title: string, text: string) =>
    (await go(tom, draftProposal, { circleId: local.id, title, driver: `We need to decide: ${title.toLowerCase()}.`, text, reviewDate: review, inDomain: 'on' })).proposalId;
  const step = (id: string, s: 'present' | 'start-clarifying' | 'start-reactions' | 'withdraw') => go(tom, advanceProposal, { proposalId: id, step: s });
  const toReactions = async (id: string) => {
    for (const s of ['present', 'start-clarifying', 'start-reactions'] as const) await step(id, s);
  };
  // The circle meets: Tom, a full participant, facilitates; Sam and Priya check in themselves.
  // Tom records the answers of the people present, each shown as recorded by him.
  const meetingId = await holdMeeting(deps, local.id, tom, [tom, sam, priya], 'Square Chapel, Halifax');
  const answer = (id: string, who: Actor, response: 'consent' | 'objection', reason?: string) =>
    go(tom, recordResponse, { proposalId: id, personId: who.personId, response, reason });

  await draft('Welcome pack for new supporters', 'Every new supporter gets a printed welcome pack.');
  const presented = await draft('Shared lifts to visits', 'Supporters may share lifts and claim mileage once.');
  await step(presented, 'present');
  const clarifying = await draft('Quarterly team check-ins', 'Every team holds a check-in each quarter.');
  await step(clarifying, 'present');
  await step(clarifying, 'start-clarifying');
  await go(sam, askQuestion, { proposalId: clarifying, question: 'Does a phone call count as a check-in?' });
  const reactions = await draft('Buddy for new Team Starters', 'Each new Team Starter is paired with an experienced one.');
  await toReactions(reactions);
  await go(sam, addReaction, { proposalId: reactions, text: 'Yes please, I would have loved this.' });

  const online = await draft('Winter visit cover plan', 'Teams agree cover for snow days by 1 December.');
  await toReactions(online);
  await go(tom, startConsentRound, { proposalId: online, mode: 'online', deadline: new Date(deps.clock.now().getTime() + 5 * DAY).toISOString() });
  await go(tom, recordResponse, { proposalId: online, response: 'consent', concern: 'Snow days are hard to predict.' });

  const objected = await draft('Evening visits end by 8pm', 'No visits after 8pm, to keep supporters safe.');
  await toReactions(objected);
  await go(tom, startConsentRound, { proposalId: objected, mode: 'meeting', meetingId });
  await answer(objected, tom, 'consent');
  await answer(objected, sam, 'objection', 'Some people need support to get to bed after 8pm; this would stop us meeting our aim.');
  await go(tom, closeRound, { proposalId: objected });

  const amended = await draft('Mileage rate', 'Mileage is paid at 40p a mile.');
  await toReactions(amended);
  await go(tom, startConsentRound, { proposalId: amended, mode: 'meeting', meetingId });
  await answer(amended, tom, 'consent');
  await answer(amended, sam, 'objection', 'Below the HMRC rate, so supporters in rural areas lose out and would stop coming.');
  await go(tom, closeRound, { proposalId: amended });
  await go(tom, amendProposal, { proposalId: amended, title: 'Mileage rate', driver: 'Supporters pay to travel to visits.', text: 'Mileage is paid at 45p a mile.', reviewDate: review, reason: "Resolves Sam's objection: matches the HMRC rate." });

  const adopted = await draft('Rota published a week ahead', 'Every team publishes its rota at least seven days ahead.');
  await toReactions(adopted);
  await go(tom, startConsentRound, { proposalId: adopted, mode: 'meeting', meetingId });
  await answer(adopted, tom, 'consent');
  await answer(adopted, sam, 'consent');
  await go(tom, closeRound, { proposalId: adopted });

  const withdrawn = await draft('Weekly newsletter', 'A newsletter to every member each week.');
  await step(withdrawn, 'withdraw');

  const referred = await draft('Co-op wide minimum hourly rate', 'No supporter is paid below 19.00 an hour.');
  await toReactions(referred);
  await go(tom, startConsentRound, { proposalId: referred, mode: 'meeting', meetingId });
  await answer(referred, tom, 'consent');
  await answer(referred, sam, 'objection', 'This is for the whole co-op to decide, not one local circle; it would undermine our aim of fair pay everywhere.');
  await go(tom, closeRound, { proposalId: referred });
  await go(priya, referProposal, { proposalId: referred });
  await go(tom, moveMeeting, { meetingId, step: 'close' });

  // A decision with a mandate: adopted online, it creates the Halifax circle under Calderdale
  // (the new circle cites this decision as the one that created it).
  const halifax = (await go(tom, draftProposal, {
    circleId: local.id,
    title: 'A neighbourhood circle for Halifax',
    driver: 'Halifax has grown to a dozen teams and they meet too rarely.',
    text: 'Calderdale creates the Halifax Neighbourhood Circle to start and support teams in Halifax.',
    reviewDate: review,
    inDomain: 'on',
    effects: [{ kind: 'create_circle', name: 'Halifax Neighbourhood Circle', aim: 'People in Halifax find and keep the support they want.', domain: 'Starting and supporting teams in Halifax.' }],
  })).proposalId;
  await toReactions(halifax);
  await go(tom, startConsentRound, { proposalId: halifax, mode: 'online', deadline: new Date(deps.clock.now().getTime() + 3 * DAY).toISOString() });
  for (const who of [tom, sam]) await go(who, recordResponse, { proposalId: halifax, response: 'consent' });
  await go(tom, closeRound, { proposalId: halifax });
  // A draft stating what it would change: the circle's domain.
  const domain = await draft('Calderdale also holds lunch clubs', 'Lunch clubs across Calderdale become part of our domain.');
  await go(tom, addEffect, { proposalId: domain, kind: 'change_domain', domain: 'Starting, supporting and ending teams in Calderdale, and its lunch clubs.' });

  // Older policies, two of them due for review now.
  const past = (days: number) => isoDate(new Date(deps.clock.now().getTime() - days * DAY));
  const system: Actor = { personId: tom.personId, name: 'tom', isAdmin: true, via: 'system' };
  for (const [title, text, reviewDate] of [
    ['Two supporters for hoist transfers', 'Any transfer with a hoist needs two trained supporters.', past(10)],
    ['Lone working check-in', 'Supporters text the rota holder when they arrive at and leave an evening visit.', past(2)],
    ['Team Starter handover checklist', 'The Team Starter uses the handover checklist before stepping back.', isoDate(new Date(deps.clock.now().getTime() + 90 * DAY))],
  ] as const) {
    // The appeal against the lone working policy is opened in membership.ts, once its signers are members of the co-op.
    await run(deps, system, (ctx) => recordLogbookEntry(ctx, { circleId: local.id, kind: 'policy', title, text, authorId: tom.personId, reviewDate }), {});
  }
});
