import type { Actor } from '../platform/authz.ts';
import { DAY } from '../platform/clock.ts';
import { run } from '../platform/context.ts';
import { isoDate } from '../modules/circles/dates.ts';
import { addMember } from '../modules/circles/commands/add-member.ts';
import { assignHat } from '../modules/circles/commands/assign-hat.ts';
import { createCircle } from '../modules/circles/commands/create-circle.ts';
import { circleHats } from '../modules/circles/queries.ts';
import { extendDemo } from './seed.ts';

const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'Demo', isAdmin: true, via: 'system' };

// The demo co-op's circles: the Purpose and Members' circles at the top, a Local Circle with
// its links, and Rose's Team under it.
extendDemo(async (deps, p) => {
  const go = <I, O>(command: (ctx: never, input: I) => Promise<O>, input: I) => run(deps, system, command as never, input) as Promise<O>;
  const circle = async (name: string, aim: string, domain: string, parentId: string | null, extra: Record<string, unknown> = {}) =>
    (await go(createCircle, { name, aim, domain, parentId, ...extra })).circleId;
  const member = (circleId: string, who: string, participation: 'full' | 'learning' | 'guest' = 'full') =>
    go(addMember, { circleId, personId: p[who] as string, participation });
  const hat = async (circleId: string, role: string, who: string) => {
    const hats = await circleHats(deps.database.db, circleId, deps.clock.now());
    const def = hats.find((h) => h.role === role);
    // The co-op's hats were chosen months ago: the demo's history (care logs weeks back, their
    // disputes resolved by the Local Circle's Leader) happens within the terms.
    if (def) await go(assignHat, { hatId: def.id, personId: p[who] as string, termStart: isoDate(new Date(deps.clock.now().getTime() - 120 * DAY)) });
  };

  const purpose = await circle('Purpose Circle', 'The co-op keeps care in the hands of the people who give and get it.', 'The Rules, the budget, and what no other circle holds.', null);
  const members = await circle("Members' Circle", 'Everyone who belongs to the co-op has a voice in it.', 'Membership: applications, admissions, general meetings.', null);
  const local = await circle('Calderdale Local Circle', 'People in Calderdale find and keep the support they want.', 'Starting, supporting and ending teams in Calderdale.', purpose);
  const team = await circle("Rose's Team", 'Rose lives well at home, her way.', "Rose's support: rota, visits, notes.", local, { kind: 'team', ownerId: p.rose });

  for (const who of ['admin', 'tom']) await member(purpose, who);
  for (const who of ['admin', 'june', 'rose']) await member(members, who);
  await member(local, 'tom');
  await member(local, 'sam');
  await member(local, 'priya', 'learning');
  // The rest of Rose's Team joins by invitation and trial: see teams.ts.
  await member(team, 'rose');

  await hat(purpose, 'secretary', 'admin');
  await hat(members, 'secretary', 'admin');
  await hat(local, 'leader', 'tom');
  await hat(local, 'delegate', 'sam');
  await hat(local, 'facilitator', 'priya');
});
