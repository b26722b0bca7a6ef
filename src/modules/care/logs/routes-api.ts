import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import { type Command, type Ctx, run } from '../../../platform/context.ts';
import { NotFound } from '../../../platform/errors.ts';
import { addRoute, jsonBody, idParam } from '../../../web/routing.ts';
import { A } from '../actions.ts';
import { addCareLog, addInput, correctCareLog, correctInput } from './add-log.ts';
import { adjustCareLog, adjustInput, confirmCareLog, disputeCareLog, disputeInput, resolveCareLog, resolveInput } from './commands.ts';
import { autoConfirmFor } from './jobs.ts';
import { listReadReason, logFacts } from './policy.ts';
import { listTeamCareLogs, logsWaitingFor, readCareLog } from './queries.ts';
import { autoConfirmInput, setAutoConfirm } from './settings.ts';

/** Anyone in the team reads its auto-confirm setting. */
async function readAutoConfirm(ctx: Ctx, input: { teamId: unknown }) {
  const facts = await logFacts(ctx.tx, input.teamId, ctx.now);
  if (!listReadReason(requireActor(ctx.actor), facts)) throw new NotFound('That team was not found.');
  return autoConfirmFor(ctx.tx, facts.team.id);
}

/**
 * The same commands and reads as the pages, as JSON. Times are sent as instants with an offset
 * ("2026-11-20T10:00:00Z") or as wall-clock times in the co-op's zone ("2026-11-20T10:00").
 */
export function registerCareLogApi(app: FastifyInstance): void {
  const deps = app.deps;
  const tz = app.config.timeZone;
  const id = idParam;

  addRoute(app, {
    method: 'GET', url: '/api/v1/care-logs', action: A.logsView, kind: 'api', summary: 'Care logs waiting for you to confirm or resolve',
    handler: async (req) => run(deps, req.actor, logsWaitingFor, {}),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/teams/:id/care-logs', action: A.logsView, kind: 'api', summary: "A team's care logs, newest first; ?state=, ?month=YYYY-MM, ?before= (the next page's cursor, older), ?newer= (the previous page's, newer)",
    handler: async (req) => run(deps, req.actor, listTeamCareLogs, { ...(req.query as Record<string, unknown>), timeZone: tz, teamId: id(req) }),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/teams/:id/care-logs', action: A.logsRecord, kind: 'api', summary: 'Add a care log for support that happened (starts pending, your side confirmed)', body: addInput.omit({ timeZone: true }),
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, addCareLog, { ...jsonBody(req), timeZone: tz, teamId: id(req) })),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/care-logs/:id', action: A.logsView, kind: 'api', summary: 'A care log with its versions and the steps you can take (the read is logged)',
    handler: async (req) => run(deps, req.actor, readCareLog, { logId: id(req) }),
  });
  const steps: [string, z.ZodObject | undefined, Command<Record<string, unknown> & { logId: string }, unknown>, string, string][] = [
    ['confirm', z.object({}), confirmCareLog, A.logsRecord, 'Confirm a care log for your side'],
    ['adjust', adjustInput.omit({ timeZone: true }), adjustCareLog, A.logsRecord, 'Propose other times for a care log: startsAt, endsAt, reason'],
    ['dispute', disputeInput, disputeCareLog, A.logsRecord, 'Dispute a care log: reason'],
    ['resolve', resolveInput.omit({ timeZone: true }), resolveCareLog, A.logsResolve, 'Resolve a disputed care log: outcome confirmed (optional agreed startsAt, endsAt) or void, and a note'],
    ['correct', correctInput.omit({ timeZone: true }), correctCareLog, A.logsRecord, 'Correct a confirmed care log with a new, linked log: startsAt, endsAt, activity, reason'],
  ];
  for (const [step, body, command, action, summary] of steps) {
    addRoute(app, {
      method: 'POST', url: `/api/v1/care-logs/:id/${step}`, action, kind: 'api', summary, body,
      handler: async (req, reply) => {
        const result = await run(deps, req.actor, command, { ...jsonBody(req), timeZone: tz, logId: id(req) });
        return step === 'correct' ? reply.status(201).send(result) : result;
      },
    });
  }
  addRoute(app, {
    method: 'GET', url: '/api/v1/teams/:id/care-logs/settings', action: A.logsView, kind: 'api', summary: "A team's auto-confirm setting (team, co-op and what applies; 0 is off)",
    handler: async (req) => run(deps, req.actor, readAutoConfirm, { teamId: id(req) }),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/teams/:id/care-logs/settings', action: A.logsRecord, kind: 'api', summary: "Set a team's auto-confirm days, 0 to 30, or null for the co-op's setting (owner's side)", body: autoConfirmInput,
    handler: async (req) => run(deps, req.actor, setAutoConfirm, { ...jsonBody(req), teamId: id(req) }),
  });
}
