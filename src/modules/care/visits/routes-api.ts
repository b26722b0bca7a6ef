import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import { type Command, read, run } from '../../../platform/context.ts';
import { addRoute, jsonBody, idParam } from '../../../web/routing.ts';
import { A } from '../actions.ts';
import { bookVisit } from './book.ts';
import { createCalendarFeed, liveFeed, revokeCalendarFeed } from './calendar.ts';
import { cancelSeries, cancelVisit, endVisit, joinVisit, leaveVisit, rearrangeVisit } from './change.ts';
import { bookInput, cancelInput, cancelSeriesInput, personInput, rearrangeInput } from './input.ts';
import { pageFrom } from '../../../platform/keyset.ts';
import { myVisits, teamWeek, visitDetail, type VisitRow } from './queries.ts';

/** A visit as the API gives it: no internal columns, times in ISO 8601 UTC. */
const visitJson = (v: VisitRow) => ({
  id: v.id, teamId: v.teamId, seriesId: v.seriesId, kind: v.kind, state: v.state, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString(),
  place: v.place, notes: v.notes, cancelReason: v.cancelReason, rearrangeReason: v.rearrangeReason, supporters: v.supporters,
});

/** Every visit command and read as JSON under /api/v1, with the same rules as the pages. */
export function registerVisitApi(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const id = idParam;

  addRoute(app, {
    method: 'GET', url: '/api/v1/teams/:id/visits', action: A.visitsView, kind: 'api', summary: "A team's visits for the week holding ?week=YYYY-MM-DD (default this week)",
    handler: async (req) => {
      const w = await read(deps, req.actor, teamWeek, { teamId: id(req), week: (req.query as { week?: string }).week });
      return { teamId: w.facts.team.id, week: w.monday, previous: w.previous, next: w.next, promiseAccepted: !!w.promise, visits: w.days.flatMap((d) => d.visits.map(visitJson)) };
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/teams/:id/visits', action: A.visitsBook, kind: 'api', summary: 'Book a visit, once or repeating (date and times in the co-op time zone)', body: bookInput,
    handler: async (req, reply) => reply.status(201).send({ result: await run(deps, req.actor, bookVisit, { ...jsonBody(req), teamId: id(req) }) }),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/visits', action: A.visitsView, kind: 'api', summary: 'Your upcoming visits across your teams (?after= a page\'s next, ?before= its prev)',
    handler: async (req) => {
      const r = await myVisits(db, requireActor(req.actor).personId, deps.clock.now(), pageFrom(req.query));
      return { visits: r.visits.map((v) => ({ ...visitJson(v), teamName: v.teamName })), prev: r.prev, next: r.next };
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/visits/:id', action: A.visitsView, kind: 'api', summary: 'A visit and who is coming',
    handler: async (req) => ({ visit: visitJson((await read(deps, req.actor, visitDetail, { visitId: id(req) })).visit) }),
  });

  const post = (step: string, body: z.ZodType, command: Command<Record<string, unknown> & { visitId: string }, unknown>) =>
    addRoute(app, {
      method: 'POST', url: `/api/v1/visits/:id/${step}`, action: A.visitsBook, kind: 'api', summary: `Visit: ${step}`, body,
      handler: async (req) => ({ result: (await run(deps, req.actor, command, { ...jsonBody(req), visitId: id(req) })) ?? null }),
    });
  post('rearrange', rearrangeInput, rearrangeVisit);
  post('cancel', cancelInput, cancelVisit);
  post('join', personInput, joinVisit);
  post('leave', personInput, leaveVisit);
  post('end', z.object({}), endVisit);
  addRoute(app, {
    method: 'POST', url: '/api/v1/visit-series/:id/cancel', action: A.visitsBook, kind: 'api', summary: 'Cancel a repeating series from a date on', body: cancelSeriesInput,
    handler: async (req) => ({ result: await run(deps, req.actor, cancelSeries, { ...jsonBody(req), seriesId: id(req) }) }),
  });

  addRoute(app, {
    method: 'GET', url: '/api/v1/calendar-feed', action: A.calendarManage, kind: 'api', summary: 'Whether you have a live calendar address, and since when',
    handler: async (req) => {
      const live = await liveFeed(db, requireActor(req.actor).personId);
      return { live: !!live, createdAt: live?.createdAt.toISOString() ?? null };
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/calendar-feed', action: A.calendarManage, kind: 'api', summary: 'Make a new calendar address (the URL is returned once; the old one stops working)', body: z.object({}), answerShownOnce: true,
    handler: async (req, reply) => {
      const { path } = await run(deps, req.actor, createCalendarFeed, {});
      return reply.status(201).send({ url: `${app.config.baseUrl}${path}` });
    },
  });
  for (const [method, url] of [['DELETE', '/api/v1/calendar-feed'], ['POST', '/api/v1/calendar-feed/revoke']] as const) {
    addRoute(app, {
      method, url, action: A.calendarManage, kind: 'api', summary: 'Stop your calendar address working', ...(method === 'POST' ? { body: z.object({}) } : {}),
      handler: async (req) => {
        await run(deps, req.actor, revokeCalendarFeed, {});
        return { revoked: true };
      },
    });
  }
}
