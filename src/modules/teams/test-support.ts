// Everyone the behaviour tables try, around one team: the owner, the advocate, a paid member, a
// volunteer, a person on trial, a removed member, an admin, the Local Circle's Leader (not in the
// team) and an outsider; each with a signed-in page client and an API token.
import { Client } from '../../../test/support/app.ts';
import type { TestApp } from '../../../test/support/app.ts';
import { system } from '../../../test/support/circles.ts';
import { run } from '../../platform/context.ts';
import { assignHat } from '../circles/commands/assign-hat.ts';
import { circleHats } from '../circles/queries.ts';
import { makePerson } from '../../../test/support/app.ts';
import { logTeam } from '../care/logs/test-support.ts';
import { createApiToken } from '../people/commands/api-tokens.ts';
import { decideJoin, inviteToTeam } from './commands/joining.ts';
import { nameTeamHats, removeFromTeam } from './commands/team.ts';
import { actorOf } from '../../../test/support/circles.ts';

export const tableActors = ['owner', 'advocate', 'member', 'volunteer', 'trial', 'removed', 'admin', 'leader', 'outsider'] as const;
export type TableActor = (typeof tableActors)[number];
/** Who is in the team now (and so may see it); the others are told it does not exist. */
export const inTeam: readonly TableActor[] = ['owner', 'advocate', 'member', 'volunteer'];

export async function teamCast(t: TestApp) {
  const deps = { database: t.database, clock: t.clock };
  const base = await logTeam(deps);
  const { teamId, actors } = base;
  const trialPerson = await makePerson(deps, { name: 'The trialist' });
  const removedPerson = await makePerson(deps, { name: 'The removed' });
  const trial = actorOf(trialPerson);
  const removed = actorOf(removedPerson);
  for (const who of [trial, removed]) {
    const { joinId } = await run(deps, actors.owner, inviteToTeam, { teamId, personId: who.personId, supporterKind: 'paid' });
    await run(deps, who, decideJoin, { joinId, step: 'accept' });
    if (who === removed) await run(deps, actors.owner, decideJoin, { joinId, step: 'join' });
  }
  await run(deps, actors.owner, removeFromTeam, { teamId, personId: removed.personId });
  // The paid member wears the MAR and Rota hats: leaving well means handing them over first.
  await run(deps, actors.owner, nameTeamHats, { teamId, hats: ['MAR Holder', 'Rota Holder'] });
  const hats = await circleHats(t.database.db, teamId, t.clock.now());
  for (const h of hats.filter((x) => x.name === 'MAR Holder' || x.name === 'Rota Holder')) await run(deps, system, assignHat, { hatId: h.id, personId: base.cast.paid.personId });

  const people = {
    owner: base.cast.owner, advocate: base.cast.advocate, member: base.cast.paid, volunteer: base.cast.volunteer, trial: trialPerson,
    removed: removedPerson, admin: base.cast.admin, leader: base.cast.leader, outsider: base.cast.outsider,
  };
  const as = {
    owner: actors.owner, advocate: actors.advocate, member: actors.paid, volunteer: actors.volunteer, trial, removed,
    admin: actors.admin, leader: actors.leader, outsider: actors.outsider,
  };
  const clients = {} as Record<TableActor, { page: Client; csrf: string; api: (method: 'GET' | 'POST', url: string, payload?: object) => Promise<Awaited<ReturnType<typeof t.app.inject>>> }>;
  for (const k of tableActors) {
    const page = new Client(t.app);
    await page.signIn(people[k].email);
    const { token } = await run(deps, as[k], createApiToken, { label: 'table' });
    clients[k] = {
      page,
      csrf: await page.csrf('/me/profile'),
      api: (method, url, payload) => t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) }),
    };
  }
  return { ...base, people, as, clients, deps };
}
