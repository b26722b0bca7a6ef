import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { requireActor } from '../../platform/authz.ts';
import { type Command, run } from '../../platform/context.ts';
import { addRoute, jsonBody, idParam } from '../../web/routing.ts';
import { A } from './actions.ts';
import { addConcernViewer, notReferredInput, raiseConcern, raiseInput, recordNotReferred, recordReferral, recordReferralOutcome, referralInput, referralOutcomeInput, stepInput, takeConcernStep, viewerInput } from './commands.ts';
import { conflictStepInput, openConflict, openConflictInput, takeConflictStep } from './conflict-commands.ts';
import { readConcern, readConflict } from './load.ts';
import { visibleConcerns, visibleConflicts } from './queries.ts';

/** The same commands and reads as the pages, as JSON. Reads of one concern or conflict are logged here too. */
export function registerConcernsApi(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const id = idParam;

  addRoute(app, {
    method: 'GET', url: '/api/v1/concerns', action: A.view, kind: 'api', summary: 'Concerns and conflict support you can see (summaries)',
    handler: async (req) => {
      const actor = requireActor(req.actor);
      return { concerns: (await visibleConcerns(db, actor, deps.clock.now())).items, conflicts: (await visibleConflicts(db, actor, deps.clock.now())).items };
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/concerns/:id', action: A.view, kind: 'api', summary: 'A concern with its steps (the read is logged; handlers also get who has read it)',
    handler: async (req) => run(deps, req.actor, readConcern, { concernId: id(req) }),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/teams/:id/concerns', action: A.raise, kind: 'api', summary: 'Raise a concern about a team', body: raiseInput,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, raiseConcern, { ...jsonBody(req), teamId: id(req) })),
  });
  const handling: [string, z.ZodType, Command<Record<string, unknown> & { concernId: string }, unknown>, string][] = [
    ['steps', stepInput, takeConcernStep, 'Move a concern on a step, with a note (and the outcome at the outcome step)'],
    ['referral', referralInput, recordReferral, 'Record the referral to the local authority'],
    ['referral-outcome', referralOutcomeInput, recordReferralOutcome, 'Record what came of the referral'],
    ['not-referred', notReferredInput, recordNotReferred, 'Record why a safeguarding concern was not referred'],
    ['viewers', viewerInput, addConcernViewer, 'Let someone else see a concern'],
  ];
  for (const [url, schema, command, summary] of handling) {
    addRoute(app, {
      method: 'POST', url: `/api/v1/concerns/:id/${url}`, action: A.handle, kind: 'api', summary, body: schema,
      handler: async (req) => ({ result: (await run(deps, req.actor, command, { ...jsonBody(req), concernId: id(req) })) ?? null }),
    });
  }
  addRoute(app, {
    method: 'POST', url: '/api/v1/teams/:id/conflicts', action: A.raise, kind: 'api', summary: 'Ask for conflict support in a team (step 1)', body: openConflictInput,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, openConflict, { ...jsonBody(req), teamId: id(req) })),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/conflicts/:id', action: A.view, kind: 'api', summary: 'Conflict support for a team with its steps (the read is logged)',
    handler: async (req) => run(deps, req.actor, readConflict, { conflictId: id(req) }),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/conflicts/:id/steps', action: A.conflictStep, kind: 'api', summary: 'Move conflict support up a step, or record it resolved', body: conflictStepInput,
    handler: async (req) => run(deps, req.actor, takeConflictStep, { ...jsonBody(req), conflictId: id(req) }),
  });
}
