import type { Actor } from '../platform/authz.ts';
import { DAY } from '../platform/clock.ts';
import { type Command, run } from '../platform/context.ts';
import { isoDate } from '../modules/circles/dates.ts';
import { addMember } from '../modules/circles/commands/add-member.ts';
import { assignHat } from '../modules/circles/commands/assign-hat.ts';
import { createCircle } from '../modules/circles/commands/create-circle.ts';
import { circleHats } from '../modules/circles/queries.ts';
import { circles } from '../modules/circles/schema.ts';
import { createPerson } from '../modules/people/commands/create-person.ts';
import { decideJoin, inviteToTeam, requestToJoin } from '../modules/teams/commands/joining.ts';
import { acceptPromise, nameTeamHats, setAdvocate, stepBack } from '../modules/teams/commands/team.ts';
import { saveProfile } from '../modules/teams/profile.ts';
import { careMapDemo } from './care-map.ts';
import { extendDemo } from './seed.ts';

const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'Demo', isAdmin: true, via: 'system' };

// Teams at different stages. Rose's Team went the whole way: Tom started it, Sam (paid),
// Priya (volunteer) and June (Rose's daughter, her advocate) joined through invitations and
// trials, the team named its hats, and Tom stepped back: it is self-managing. Arthur's Team is
// being started: an invitation is out to Priya and Sam is on a trial.
extendDemo(async (deps, p, password) => {
  const all = await deps.database.db.select().from(circles);
  const rosesTeam = all.find((c) => c.name === "Rose's Team");
  const local = all.find((c) => c.name === 'Calderdale Local Circle');
  if (!rosesTeam || !local) return;
  const as = (key: string): Actor => ({ personId: p[key] as string, name: key[0]?.toUpperCase() + key.slice(1), isAdmin: false, via: 'session' });
  const go = <I, O>(actor: Actor, command: Command<I, O>, input: I) => run(deps, actor, command, input);
  const welcome = async (teamId: string, inviter: string, who: string, supporterKind: string, finish = true) => {
    const { joinId } = await go(as(inviter), inviteToTeam, { teamId, personId: p[who] as string, supporterKind, message: 'We would love you to join us.' });
    if (!finish) return joinId;
    await go(as(who), decideJoin, { joinId, step: 'accept' });
    await go(as(inviter), decideJoin, { joinId, step: 'join', debrief: 'Two good visits; everyone happy to carry on.' });
    return joinId;
  };

  const rose = rosesTeam.id;
  await go(system, addMember, { circleId: rose, personId: p.tom as string });
  for (const [who, kind] of [['june', 'family'], ['sam', 'paid'], ['priya', 'volunteer']] as const) await welcome(rose, 'rose', who, kind);
  await go(as('rose'), setAdvocate, { teamId: rose, advocateId: p.june });
  await go(as('rose'), acceptPromise, { teamId: rose, agree: 'on' });
  await go(as('june'), saveProfile, {
    teamId: rose,
    'about.text': 'I was a primary school teacher for 35 years. I love my garden, Radio 4 and a proper pot of tea.', 'about.visibility': 'team',
    'routines.text': 'Up at 7.30. Breakfast at the kitchen table, never in bed. A rest after lunch.', 'routines.visibility': 'team',
    'good-support.text': 'Ask before you help. Let me do what I can, even if it takes longer.', 'good-support.visibility': 'team',
    'visits.text': 'Knock and call out; I am slow to the door. Before you go, check the back door is locked.', 'visits.visibility': 'team',
    'communication.text': 'I hear better on my left side. Please face me when you speak.', 'communication.visibility': 'team',
    'health.text': 'Type 2 diabetes. Tablets at 8am and 6pm from the dosette box (Sam or June only).', 'health.visibility': 'chosen', 'health.chosen': [p.sam as string],
    'triggers.text': 'Being hurried. Loud television.', 'triggers.visibility': 'team',
    'needs.text': 'Church on Sunday mornings matters to me.', 'needs.visibility': 'team',
    'safe.text': 'Knowing who is coming, and when.', 'safe.visibility': 'team',
    'essentials.text': 'Advance decision: in the blue folder, hall drawer. MAR chart: kitchen, by the kettle. Lasting power of attorney (health): June. Key contacts: June 07700 900123, GP Calder Surgery 01422 000000.', 'essentials.visibility': 'chosen', 'essentials.chosen': [p.sam as string],
  });
  await go(as('rose'), nameTeamHats, { teamId: rose, hats: ['Rota Holder', 'Profile Holder', 'Check-in Facilitator', 'MAR Holder', 'Team Chat Admin', 'Membership Holder'] });
  const hats = await circleHats(deps.database.db, rose, deps.clock.now());
  const holders: Record<string, string> = { 'Rota Holder': 'sam', 'Profile Holder': 'june', 'Check-in Facilitator': 'june', 'MAR Holder': 'sam', 'Team Chat Admin': 'priya', 'Membership Holder': 'june' };
  // Chosen at the team's first meeting some weeks ago: the demo's care history (doses, logs) falls within the terms.
  const chosenOn = isoDate(new Date(deps.clock.now().getTime() - 60 * DAY));
  for (const hat of hats.filter((h) => holders[h.name])) await go(system, assignHat, { hatId: hat.id, personId: p[holders[hat.name] as string] as string, chosenBy: 'election', termStart: chosenOn });
  await careMapDemo(deps, p, rose);
  await go(as('tom'), stepBack, { teamId: rose, goodbye: 'Rose, it has been a joy. The team is in great hands; the Local Circle is always there if you need us.' });

  // Arthur's Team, still being started with Tom.
  const { personId: arthur } = await run(deps, null, createPerson, { email: 'arthur@demo.carecircles.org', name: 'Arthur Lee', password, isAdmin: false });
  p.arthur = arthur;
  const { circleId: arthurs } = await go(system, createCircle, { name: "Arthur's Team", kind: 'team', ownerId: arthur, aim: 'Arthur stays at home with his allotment and his friends.', domain: "Arthur's support.", parentId: local.id });
  for (const who of ['arthur', 'tom']) await go(system, addMember, { circleId: arthurs, personId: p[who] as string });
  await welcome(arthurs, 'arthur', 'priya', 'volunteer', false);
  const { joinId } = await go(as('sam'), requestToJoin, { teamId: arthurs, supporterKind: 'paid', message: 'I live nearby and have Thursday mornings free.' });
  await go(as('arthur'), decideJoin, { joinId, step: 'approve', trialSessions: '2' });
});
