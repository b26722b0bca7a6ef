import { eq } from 'drizzle-orm';
import type { Actor } from '../platform/authz.ts';
import { DAY } from '../platform/clock.ts';
import { type Command, run } from '../platform/context.ts';
import { assignHat } from '../modules/circles/commands/assign-hat.ts';
import { defineHat } from '../modules/circles/commands/define-hat.ts';
import { isoDate } from '../modules/circles/dates.ts';
import { circleHats } from '../modules/circles/queries.ts';
import { circles } from '../modules/circles/schema.ts';
import { teams } from '../modules/teams/schema.ts';
import { createEnquiry, moveEnquiry, recordStage } from '../modules/starter/commands/enquiries.ts';
import { starterEnquiries } from '../modules/starter/schema.ts';
import { extendDemo } from './seed.ts';

const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'Demo', isAdmin: true, via: 'system' };

const hats = [
  { name: 'Team Starter', role: 'team-starter' as const, purpose: 'Start new teams with the people who want them, and step back when they run themselves.', responsibilities: 'First contact and supportive conversations\nCall-outs, searches and introductions\nHanding over to the self-managing team' },
  { name: 'Coach', role: 'coach' as const, purpose: "Supports the Local Circle's teams when things get hard: concerns, conflict, change.", responsibilities: 'Handle concerns raised about our teams\nSupport conflict resolution\nCheck in with teams monthly' },
];

// Calderdale's board: Tom wears the Team Starter and Coach hats, with an enquiry in each part
// of the pipeline, and Rose's Team as one that came all the way through it.
extendDemo(async (deps, p) => {
  const all = await deps.database.db.select().from(circles);
  const local = all.find((c) => c.name === 'Calderdale Local Circle');
  const rosesTeam = all.find((c) => c.name === "Rose's Team");
  if (!local || !rosesTeam || !p.tom || !p.rose) return;
  const tom: Actor = { personId: p.tom, name: 'Tom Barker', isAdmin: false, via: 'session' };
  const go = <I, O>(actor: Actor, command: Command<I, O>, input: I) => run(deps, actor, command, input);
  const day = (days: number) => isoDate(new Date(deps.clock.now().getTime() + days * DAY));

  for (const hat of hats) {
    const existing = (await circleHats(deps.database.db, local.id, deps.clock.now())).find((h) => h.role === hat.role);
    const hatId = existing?.id ?? (await go(tom, defineHat, { circleId: local.id, ...hat, termMonths: 12, reviewMonths: 6 })).hatId;
    if (!existing?.holders.some((h) => h.personId === p.tom)) await go(system, assignHat, { hatId, personId: p.tom });
  }

  const start = async (first: Record<string, string>) => (await go(tom, createEnquiry, { circleId: local.id, ...first })).enquiryId;
  const step = (enquiryId: string, ...steps: string[]) => steps.reduce((done, s) => done.then(() => go(tom, moveEnquiry, { enquiryId, step: s }).then(() => undefined)), Promise.resolve());
  const record = (enquiryId: string, fields: Record<string, string>) => go(tom, recordStage, { enquiryId, ...fields });
  const begun = (routines: string, supportWanted: string, personalCareOrMedicines: 'yes' | 'no') => ({ routines, supportWanted, personalCareOrMedicines });

  // Interest: Margaret's neighbour rang last week; Tom has begun the longer conversation.
  const margaret = await start({ forName: 'Margaret Hirst', askerName: 'Pat Lumb', askerRelationship: 'neighbour', helpWanted: 'Company and a hand with shopping since her fall.', needsAndTimings: 'Two afternoons a week.', postcode: 'HX3 9AB', funding: 'self', heardFrom: 'Library noticeboard', nextCheckIn: day(10) });
  await step(margaret, 'begin');

  // Supportive conversation: Derek needs help with his tablets, so stage 4 cannot be skipped.
  const derek = await start({ forName: 'Derek Sutcliffe', helpWanted: 'Help in the mornings: washing, dressing, tablets.', needsAndTimings: 'Every morning, 8 to 9.', postcode: 'HX1 4DE', funding: 'personal-budget', heardFrom: 'His social worker', nextCheckIn: day(5) });
  await step(derek, 'begin');
  await record(derek, { ...begun('Early riser. Crossword with his tea. Dog walk at 10.', 'Washing, dressing, breakfast and his morning tablets.', 'yes'), preferredTimes: 'Before 9', workerGender: 'Men, for personal care', immediateRisks: 'Unsteady on the stairs first thing.' });
  await step(derek, 'match');
  await record(derek, { consentToShare: 'yes', summary: 'Morning support in central Halifax: personal care, breakfast and medicines. A dog lover preferred.' });
  await step(derek, 'converse');

  // Waitlisted: nobody nearby offers what Eileen needs yet; the waiting list is reviewed at each check-in.
  const eileen = await start({ forName: 'Eileen Crowther', helpWanted: 'Overnight support twice a week.', needsAndTimings: 'Tuesday and Friday nights.', postcode: 'HX7 8AA', funding: 'local-authority', nextCheckIn: day(21) });
  await step(eileen, 'begin');
  await record(eileen, begun('Goes to bed late, wakes often.', 'Someone in the house overnight.', 'no'));
  await step(eileen, 'match');
  await record(eileen, { consentToShare: 'yes', summary: 'Overnight support in Hebden Bridge, two nights a week.' });
  await step(eileen, 'waitlist');

  // Check-in due today: Bill is waiting to hear about introductions.
  const bill = await start({ forName: 'Bill Ogden', askerName: 'Karen Ogden', askerRelationship: 'daughter', helpWanted: 'Getting out: the allotment and the pub quiz.', needsAndTimings: 'Two or three times a week.', postcode: 'HX2 0QP', funding: 'self', heardFrom: 'A friend in the co-op', nextCheckIn: day(0) });
  await step(bill, 'begin');
  await record(bill, begun('Allotment most days when the weather allows.', 'Lifts and company.', 'no'));
  await step(bill, 'match');

  // Rose's Team came all the way through: it was made when the demo's circles were, so it is linked here.
  const rose = await start({ forName: 'Rose Pennington', askerName: 'June Ellis', askerRelationship: 'daughter', helpWanted: 'Support to stay living at home her way.', needsAndTimings: 'Morning and evening visits every day.', postcode: 'HX1 2RP', funding: 'personal-budget', heardFrom: 'Her GP', nextCheckIn: day(30) });
  await step(rose, 'begin');
  await record(rose, { ...begun('Up at 7.30, breakfast at the kitchen table, a rest after lunch.', 'Morning and evening visits, meals, tablets.', 'yes'), language: 'English' });
  await step(rose, 'match');
  await record(rose, { consentToShare: 'yes', summary: 'Daily visits for a retired teacher in Halifax who loves her garden.' });
  await step(rose, 'converse');
  await record(rose, { metOn: day(-120), trustAssessment: 'Tablets from the dosette box by trained supporters only. Rose is slow to the door: knock and call out.' });
  await step(rose, 'agree-profiles');
  await deps.database.db.update(starterEnquiries).set({ personId: p.rose, teamId: rosesTeam.id }).where(eq(starterEnquiries.id, rose));
  await step(rose, 'build-team', 'organise', 'step-back');
  const [teamRow] = await deps.database.db.select().from(teams).where(eq(teams.circleId, rosesTeam.id));
  if (teamRow?.selfManagingAt) await step(rose, 'self-managing');
});
