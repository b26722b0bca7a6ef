import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { type Command, read, run } from '../../platform/context.ts';
import { addRoute, jsonBody, idParam } from '../../web/routing.ts';
import { runEnquiries, viewEnquiry } from './actions.ts';
import { createEnquiry, linkPerson, moveEnquiry, recordStage, setCheckIn } from './commands/enquiries.ts';
import { startTeam } from './commands/start-team.ts';
import { checkInBody, linkBody, moveBody, newEnquiryBody, stageBody, startTeamBody, withPeople } from './inputs.ts';
import { readBoard, readEnquiry } from './queries.ts';

/** The same commands and reads as the pages, as JSON under /api/v1. */
export function registerStarterApi(app: FastifyInstance): void {
  const deps = app.deps;
  const id = idParam;

  addRoute(app, {
    method: 'GET', url: '/api/v1/circles/:id/enquiries', action: runEnquiries, kind: 'api', summary: "A Local Circle's board: enquiries and teams by column",
    handler: async (req) => read(deps, req.actor, readBoard, { circleId: id(req) }),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/circles/:id/enquiries', action: runEnquiries, kind: 'api', summary: 'Record a first contact (stage 1)', body: newEnquiryBody,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, createEnquiry, { ...jsonBody(req), circleId: id(req) })),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/enquiries/:id', action: viewEnquiry, kind: 'api', summary: 'An enquiry with every stage recorded and the moves allowed now',
    handler: async (req) => {
      const page = await read(deps, req.actor, readEnquiry, { enquiryId: id(req) });
      return { ...page, person: page.person ? { id: page.person.id, name: page.person.name } : null };
    },
  });
  const commands: [string, string, z.ZodType, Command<Record<string, unknown> & { enquiryId: string }, unknown>][] = [
    ['stage', 'Record what the current stage learned', stageBody, recordStage],
    ['move', 'Move the enquiry one step (409 when the table or a guard refuses)', moveBody, moveEnquiry],
    ['check-in', 'Set the next check-in date', checkInBody, setCheckIn],
    ['person', 'Link the person getting support (personId or email)', linkBody, withPeople(linkPerson)],
    ['start-team', 'Start the team at stage 5 (Team Starters only)', startTeamBody, withPeople(startTeam)],
  ];
  for (const [url, summary, schema, command] of commands) {
    addRoute(app, {
      method: 'POST', url: `/api/v1/enquiries/:id/${url}`, action: runEnquiries, kind: 'api', summary, body: schema,
      handler: async (req) => ({ result: (await run(deps, req.actor, command, { ...jsonBody(req), enquiryId: id(req) })) ?? null }),
    });
  }
}
