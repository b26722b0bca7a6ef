import type { Actor } from '../platform/authz.ts';
import { type Command, run } from '../platform/context.ts';
import { assignHat } from '../modules/circles/commands/assign-hat.ts';
import { defineHat } from '../modules/circles/commands/define-hat.ts';
import { circleHats } from '../modules/circles/queries.ts';
import { circles } from '../modules/circles/schema.ts';
import { raiseConcern, takeConcernStep } from '../modules/concerns/commands.ts';
import { openConflict, takeConflictStep } from '../modules/concerns/conflict-commands.ts';
import { extendDemo } from './seed.ts';

const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'Demo', isAdmin: true, via: 'system' };

// A concern in Rose's Team that Priya raised and Tom, the Local Circle's Coach, is exploring;
// and a disagreement about the rota that Sam and Priya settled by talking it through.
extendDemo(async (deps, p) => {
  const all = await deps.database.db.select().from(circles);
  const local = all.find((c) => c.name === 'Calderdale Local Circle');
  const team = all.find((c) => c.name === "Rose's Team");
  if (!local || !team) return;
  const as = (who: string): Actor => ({ personId: p[who] as string, name: who, isAdmin: false, via: 'session' });
  const go = <I, O>(actor: Actor, command: Command<I, O>, input: I) => run(deps, actor, command, input);

  // The Coach hat may already come from the Team Starter's demo (src/demo/starter.ts): find it by its role first.
  const hats = await circleHats(deps.database.db, local.id, deps.clock.now());
  let coach = hats.find((h) => h.role === 'coach');
  if (!coach) {
    // No actor: the hat's logbook entry has no author, as the demo's system actor is not a person.
    await run(deps, null, defineHat, {
      circleId: local.id,
      name: 'Coach',
      role: 'coach',
      kind: 'operational',
      purpose: "Supports the Local Circle's teams when things get hard: concerns, conflict, change.",
      responsibilities: 'Handle concerns raised about our teams\nSupport conflict resolution\nCheck in with teams monthly',
      termMonths: 12,
      reviewMonths: 6,
    });
    coach = (await circleHats(deps.database.db, local.id, deps.clock.now())).find((h) => h.role === 'coach');
  }
  if (coach && !coach.holders.some((h) => h.personId === p.tom)) await go(system, assignHat, { hatId: coach.id, personId: p.tom as string });

  const { concernId } = await go(as('priya'), raiseConcern, {
    teamId: team.id,
    summary: 'Evening visits keep running short',
    details: 'Twice this week the evening visit ended after 20 minutes instead of an hour, and Rose went to bed without her supper being cleared.',
  });
  await go(as('tom'), takeConcernStep, { concernId, step: 'ask-for-response', note: 'Spoke with Priya. Asked Sam, who does the evening rota, for his side.' });
  await go(as('tom'), takeConcernStep, { concernId, step: 'explore', note: 'Sam says his previous visit overruns across town. Looking at the rota with Rose and June.' });

  const { conflictId } = await go(as('sam'), openConflict, {
    teamId: team.id,
    summary: 'Who covers the Saturday morning visit',
    involved: [p.sam as string, p.priya as string],
    way: 'direct',
    note: 'Sam and Priya both thought the other had Saturday.',
  });
  await go(as('priya'), takeConflictStep, { conflictId, step: 'resolve', note: 'We talked it through over tea and agreed Priya takes the first and third Saturdays. Rota updated.' });
});
