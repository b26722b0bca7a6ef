import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import { type Command, read, run } from '../../../platform/context.ts';
import { Conflict, Invalid } from '../../../platform/errors.ts';
import { t } from '../../../web/i18n.ts';
import { csrfFor, sendPage } from '../../../web/render.tsx';
import { addRoute, formBody, idParam } from '../../../web/routing.ts';
import type { FormState } from '../../../web/views/forms.tsx';
import { A } from '../actions.ts';
import { bookVisit } from './book.ts';
import { calendarFeedText, createCalendarFeed, liveFeed, revokeCalendarFeed } from './calendar.ts';
import { cancelSeries, cancelVisit, endVisit, joinVisit, leaveVisit, rearrangeVisit } from './change.ts';
import { bookInput, personInput, rearrangeInput } from './input.ts';
import { pageFrom } from '../../../platform/keyset.ts';
import { myVisits, teamWeek, visitDetail } from './queries.ts';
import { registerVisitApi } from './routes-api.ts';
import { addDays, wallClock } from './times.ts';
import { BookForm, CalendarView, type Forms, MyVisitsView, RotaView, VisitView } from './views.tsx';
import './jobs.ts';
import { addNavLink } from '../../../web/views/places.ts';

addNavLink({ place: 'teams', href: '/visits', label: 'My visits', hint: 'Your visits coming up across your teams, and your calendar.' });

type VisitInput = Record<string, unknown> & { visitId: string };
const cancelBody = z.object({ cancelReason: z.string().optional(), wholeSeries: z.string().optional() });

/** The visit pages: a team's rota by week, booking, a visit and its changes, my visits, my calendar address. */
export function registerVisitRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const id = idParam;
  const empty = (reply: FastifyReply, values: Record<string, unknown> = {}): FormState => ({ values, errors: {}, csrf: csrfFor(reply) });

  addRoute(app, {
    method: 'GET', url: '/teams/:id/visits', action: A.visitsView, kind: 'page', summary: "A team's rota for a week",
    handler: async (req, reply) => {
      const w = await read(deps, req.actor, teamWeek, { teamId: id(req), week: (req.query as { week?: string }).week });
      return sendPage(req, reply, { title: t('{team}: visits', { team: w.facts.team.name }), body: <RotaView w={w} tz={tz} /> });
    },
  });

  const bookPage = async (req: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) => {
    const w = await read(deps, req.actor, teamWeek, { teamId: id(req) });
    return sendPage(req, reply, { title: t('Book a visit'), status, csrf: state.csrf, body: <BookForm w={w} state={state} /> });
  };
  addRoute(app, {
    method: 'GET', url: '/teams/:id/visits/new', action: A.visitsView, kind: 'page', summary: 'The form to book a visit',
    handler: (req, reply) => bookPage(req, reply, empty(reply, { kind: 'paid', date: addDays(wallClock(deps.clock.now()).date, 1), startTime: '10:00', endTime: '11:00', repeat: 'none' })),
  });
  addRoute(app, {
    method: 'POST', url: '/teams/:id/visits/new', action: A.visitsBook, kind: 'page', summary: 'Book a visit', body: bookInput,
    handler: async (req, reply) => {
      const values = formBody(req);
      try {
        const { visitId } = await run(deps, req.actor, bookVisit, { ...values, teamId: id(req) });
        return reply.redirect(`/visits/${visitId}`, 303);
      } catch (error) {
        // Refused for the Promise: say so on the form itself, with what was typed kept.
        if (error instanceof Conflict) return bookPage(req, reply, { values, errors: { _form: error.message }, csrf: csrfFor(reply) }, 409);
        if (error instanceof Invalid) return bookPage(req, reply, { values, errors: error.fields, csrf: csrfFor(reply) }, 422);
        throw error;
      }
    },
  });

  addRoute(app, {
    method: 'GET', url: '/visits', action: A.visitsView, kind: 'page', summary: 'Your upcoming visits across your teams',
    handler: async (req, reply) => {
      const r = await myVisits(db, requireActor(req.actor).personId, deps.clock.now(), pageFrom(req.query));
      return sendPage(req, reply, { title: t('My visits'), body: <MyVisitsView list={r.visits} prev={r.prev} next={r.next} tz={tz} /> });
    },
  });

  const calendarPage = async (req: FastifyRequest, reply: FastifyReply, created: string | null) => {
    const live = await liveFeed(db, requireActor(req.actor).personId);
    return sendPage(req, reply, { title: t('Your calendar address'), status: created ? 201 : 200, body: <CalendarView live={live} created={created} csrf={csrfFor(reply)} tz={tz} /> });
  };
  addRoute(app, { method: 'GET', url: '/visits/calendar', action: A.calendarManage, kind: 'page', summary: 'Your private calendar address', handler: (req, reply) => calendarPage(req, reply, null) });
  addRoute(app, {
    method: 'POST', url: '/visits/calendar', action: A.calendarManage, kind: 'page', summary: 'Make a new calendar address (revoking the old)', body: z.object({}),
    handler: async (req, reply) => {
      const { path } = await run(deps, req.actor, createCalendarFeed, {});
      return calendarPage(req, reply, `${app.config.baseUrl}${path}`);
    },
  });
  addRoute(app, {
    method: 'POST', url: '/visits/calendar/revoke', action: A.calendarManage, kind: 'page', summary: 'Stop your calendar address working', body: z.object({}),
    handler: async (req, reply) => {
      await run(deps, req.actor, revokeCalendarFeed, {});
      return reply.redirect('/visits/calendar', 303);
    },
  });
  addRoute(app, {
    method: 'GET', url: '/calendar/:token.ics', action: A.calendarFeed, kind: 'page', summary: 'A private iCalendar feed of your visits (the token is the credential)',
    handler: async (req, reply) => {
      const text = await calendarFeedText(db, (req.params as { token: string }).token, deps.clock.now(), app.config.baseUrl);
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex').send(text);
    },
  });

  const visitPage = async (req: FastifyRequest, reply: FastifyReply, forms: Partial<Forms> = {}, status = 200, notice?: string) => {
    const d = await read(deps, req.actor, visitDetail, { visitId: id(req) });
    const csrf = csrfFor(reply);
    const all: Forms = { rearrange: forms.rearrange ?? { values: {}, errors: {}, csrf }, cancel: forms.cancel ?? { values: {}, errors: {}, csrf }, join: forms.join ?? { values: {}, errors: {}, csrf } };
    return sendPage(req, reply, { title: t('Visit'), status, csrf, notice, body: <VisitView d={d} forms={all} csrf={csrf} tz={tz} /> });
  };
  addRoute(app, { method: 'GET', url: '/visits/:id', action: A.visitsView, kind: 'page', summary: 'A visit: who is coming, rearrange, cancel, join, end', handler: (req, reply) => visitPage(req, reply) });

  // Each change posts one form; on bad input the visit page comes back with the errors in that
  // form, and a change the visit's state does not allow (409) comes back as a notice.
  const change = (step: string, body: z.ZodType, form: keyof Forms | null, perform: (req: FastifyRequest, values: Record<string, unknown>) => Promise<unknown>, rename: Record<string, string> = {}) =>
    addRoute(app, {
      method: 'POST', url: `/visits/:id/${step}`, action: A.visitsBook, kind: 'page', summary: `Visit: ${step}`, body,
      handler: async (req, reply) => {
        const values = formBody(req);
        try {
          await perform(req, values);
        } catch (error) {
          if (error instanceof Conflict) return visitPage(req, reply, {}, 409, error.message);
          if (!(error instanceof Invalid) || !form) throw error;
          const errors = Object.fromEntries(Object.entries(error.fields).map(([k, m]) => [rename[k] ?? k, m]));
          return visitPage(req, reply, { [form]: { values, errors, csrf: csrfFor(reply) } }, 422);
        }
        return reply.redirect(`/visits/${id(req)}`, 303);
      },
    });
  const as = (command: Command<VisitInput, unknown>) => (req: FastifyRequest, values: Record<string, unknown>) => run(deps, req.actor, command, { ...values, visitId: id(req) });
  change('rearrange', rearrangeInput, 'rearrange', as(rearrangeVisit));
  change('join', personInput, 'join', as(joinVisit));
  change('leave', personInput, null, as(leaveVisit));
  change('end', z.object({}), null, as(endVisit));
  change('cancel', cancelBody, 'cancel', async (req, values) => {
    const reason = values.cancelReason;
    if (values.wholeSeries !== 'on') return run(deps, req.actor, cancelVisit, { visitId: id(req), reason });
    const { visit } = await read(deps, req.actor, visitDetail, { visitId: id(req) });
    if (!visit.seriesId) throw new Invalid({ wholeSeries: 'This visit is not part of a repeating series' });
    return run(deps, req.actor, cancelSeries, { seriesId: visit.seriesId, from: wallClock(visit.startsAt).date, reason });
  }, { reason: 'cancelReason', from: 'cancelReason' });

  registerVisitApi(app);
}
