import type { Actor } from '../platform/authz.ts';
import { type Command, run } from '../platform/context.ts';
import { assignHat } from '../modules/circles/commands/assign-hat.ts';
import { defineHat } from '../modules/circles/commands/define-hat.ts';
import { circleHats } from '../modules/circles/queries.ts';
import { circles } from '../modules/circles/schema.ts';
import { draftCallOut, moveCallOut, registerInterest } from '../modules/matching/commands/call-outs.ts';
import { saveGivingProfile } from '../modules/matching/commands/save-giving-profile.ts';
import { addToShortlist, moveIntroduction } from '../modules/matching/commands/shortlist.ts';
import { createPerson } from '../modules/people/commands/create-person.ts';
import { extendDemo } from './seed.ts';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];
const at = (dayList: string[], parts: string[]) => dayList.flatMap((d) => parts.map((p) => `${d}-${p}`));

/** Supporters around Calderdale with Giving Support Profiles (not demo sign-ins, but they can sign in). */
const supporters = [
  { key: 'kath', name: 'Kath Moorhouse', postcode: 'HX7 8AD', travelMiles: '8', driver: 'yes', givesAs: 'paid', hourlyRate: '17.00', supportOffered: ['companionship', 'personal-care', 'meals'], expertise: ['end-of-life'], languages: 'English', availability: at(weekdays, ['morning', 'afternoon']), openToNewTeams: 'yes' },
  { key: 'bilal', name: 'Bilal Hussain', postcode: 'HX1 4LT', travelMiles: '10', driver: 'yes', givesAs: 'paid', hourlyRate: '15.50', supportOffered: ['personal-care', 'medication', 'getting-out'], expertise: ['physical-disability'], languages: 'English, Urdu, Punjabi', availability: at(['mon', 'wed', 'fri', 'sat'], ['morning', 'evening']), openToNewTeams: 'yes' },
  { key: 'gwen', name: 'Gwen Sutcliffe', postcode: 'HX6 2QG', travelMiles: '3', driver: 'no', givesAs: 'volunteer', hourlyRate: '', supportOffered: ['companionship', 'shopping'], expertise: ['dementia'], languages: 'English', availability: at(['tue', 'thu'], ['afternoon']), openToNewTeams: 'no' },
  { key: 'marek', name: 'Marek Nowak', postcode: 'HD6 1PS', travelMiles: '12', driver: 'yes', givesAs: 'paid', hourlyRate: '16.00', supportOffered: ['household', 'overnight', 'respite'], expertise: [], languages: 'English, Polish', availability: at(['fri', 'sat', 'sun'], ['evening', 'night']), openToNewTeams: 'yes' },
  { key: 'aisha', name: 'Aisha Begum', postcode: 'HX3 0DH', travelMiles: '5', driver: 'no', givesAs: 'volunteer', hourlyRate: '', supportOffered: ['companionship', 'getting-out'], expertise: ['learning-disabilities', 'autism'], languages: 'English, Bengali', availability: at(['tue', 'wed'], ['morning']), openToNewTeams: 'yes' },
  { key: 'dave', name: 'Dave Greenwood', postcode: 'OL14 5BT', travelMiles: '15', driver: 'yes', givesAs: 'paid', hourlyRate: '18.00', supportOffered: ['respite', 'overnight', 'personal-care'], expertise: ['mental-health'], languages: 'English', availability: at(['sat', 'sun'], ['morning', 'afternoon', 'evening', 'night']), openToNewTeams: 'yes' },
  { key: 'lorna', name: 'Lorna Fielding', postcode: 'HX5 0AA', travelMiles: '6', driver: 'yes', givesAs: 'paid', hourlyRate: '', supportOffered: ['personal-care', 'medication', 'meals'], expertise: ['dementia', 'end-of-life'], languages: 'English', availability: at(weekdays, ['morning']), openToNewTeams: 'yes' },
  { key: 'joe', name: 'Joe Ackroyd', postcode: 'HD1 3QA', travelMiles: '8', driver: 'no', givesAs: 'volunteer', hourlyRate: '', supportOffered: ['shopping', 'getting-out'], expertise: ['physical-disability'], languages: 'English', availability: at(['mon', 'thu'], ['afternoon']), openToNewTeams: 'yes' },
] as const;

// Matching in the demo: Sam's and Priya's Giving Support Profiles, supporters around Calderdale,
// Tom as the Local Circle's Team Starter, a call-out for Rose's Team opened with Rose's consent,
// and a shortlist with one introduction made.
extendDemo(async (deps, p, password) => {
  const all = await deps.database.db.select().from(circles);
  const local = all.find((c) => c.name === 'Calderdale Local Circle');
  const team = all.find((c) => c.name === "Rose's Team");
  if (!local || !team || !p.tom || !p.rose || !p.sam || !p.priya) return;
  const as = (personId: string, name: string): Actor => ({ personId, name, isAdmin: false, via: 'session' });
  const go = <I, O>(actor: Actor | null, command: Command<I, O>, input: I) => run(deps, actor, command, input);
  const tom = as(p.tom, 'Tom Barker');

  const starterHat = (await circleHats(deps.database.db, local.id, deps.clock.now())).find((h) => h.role === 'team-starter');
  const hatId = starterHat?.id ?? (await go(null, defineHat, { circleId: local.id, name: 'Team Starter', role: 'team-starter', purpose: 'Start new teams with the people who want them, and step back when they run themselves.', responsibilities: 'First contact and supportive conversations\nCall-outs, searches and introductions\nHanding over to the self-managing team', termMonths: 12, reviewMonths: 6 })).hatId;
  if (!starterHat?.holders.some((h) => h.personId === p.tom)) await go(null, assignHat, { hatId, personId: p.tom });

  const common = { experience: '', qualifications: '', travelMiles: '10', driver: 'no', openToNewTeams: 'yes' };
  await go(as(p.sam, 'Sam Hughes'), saveGivingProfile, {
    ...common, aboutMe: 'I have worked in care for eight years and went self-employed to give people more say in their support.', postcode: 'HX1 1QE', driver: 'yes', givesAs: 'paid', hourlyRate: '16.50',
    supportOffered: ['companionship', 'personal-care', 'medication', 'meals', 'getting-out'], expertise: ['dementia', 'end-of-life'], experience: 'Eight years in home care, three with people living with dementia.',
    qualifications: 'Care Certificate, 2017-03\nLevel 3 Diploma in Adult Care, 2020-07\nSafe Handling of Medicines, 2024-02', languages: 'English', availability: at(weekdays, ['morning', 'afternoon']), openToNewTeams: 'no',
  });
  await go(as(p.priya, 'Priya Shah'), saveGivingProfile, {
    ...common, aboutMe: 'I volunteer around my studies: company, walks and a hand with the shopping.', postcode: 'HX3 6SN', travelMiles: '5', givesAs: 'volunteer', hourlyRate: '',
    supportOffered: ['companionship', 'shopping', 'getting-out'], expertise: ['mental-health'], qualifications: 'Mental Health First Aid, 2023-10', languages: 'English, Gujarati, Hindi', availability: at(['tue', 'thu', 'sat'], ['afternoon', 'evening']),
  });

  const ids: Record<string, string> = {};
  for (const s of supporters) {
    const { personId } = await go(null, createPerson, { email: `${s.key}@demo.carecircles.org`, name: s.name, password, isAdmin: false });
    ids[s.key] = personId;
    const { key: _key, name, ...profile } = s;
    await go(as(personId, name), saveGivingProfile, { ...common, ...profile, aboutMe: `${name.split(' ')[0]} gives support around Calderdale.` });
  }

  const rose = as(p.rose, 'Rose Pennington');
  const { callOutId } = await go(tom, draftCallOut, {
    teamId: team.id, postcode: 'HX3',
    text: 'A woman in her eighties near Halifax would like company and help getting out: a walk to the park, the market on Saturdays, a cup of tea and a chat. Tuesday and Thursday mornings to start with.',
    skillsWanted: ['companionship', 'getting-out'],
  });
  await go(rose, moveCallOut, { callOutId, step: 'consent' });
  await go(tom, moveCallOut, { callOutId, step: 'open' });
  await go(as(ids.aisha as string, 'Aisha Begum'), registerInterest, { callOutId, message: 'I live ten minutes away and would love to help on Tuesdays.' });

  const { entryId } = await go(tom, addToShortlist, { teamId: team.id, personId: ids.aisha as string, note: 'Answered the call-out; lives close by.' });
  await go(tom, addToShortlist, { teamId: team.id, personId: ids.bilal as string, note: 'Drives; could take Rose to the market.' });
  await go(tom, moveIntroduction, { entryId, step: 'introduce' });
});
