import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { requireActor } from '../../platform/authz.ts';
import { type Command, read, run } from '../../platform/context.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { formPage } from '../../web/form-page.tsx';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute, formBody, idParam } from '../../web/routing.ts';
import { addNavLink } from '../../web/views/places.ts';
import { isoDate } from '../circles/dates.ts';
import { getCircle } from '../circles/queries.ts';
import { runEnquiries, viewEnquiry } from './actions.ts';
import { createEnquiry, linkPerson, moveEnquiry, recordStage, setCheckIn } from './commands/enquiries.ts';
import { startTeam } from './commands/start-team.ts';
import { withPeople } from './inputs.ts';
import { registerStarterApi } from './routes-api.ts';
import { canRunEnquiries, starterPeople } from './policy.ts';
import { readBoard, readEnquiry, starterOverview } from './queries.ts';
import { isStage } from './machine.ts';
import { checkInBody, linkBody, moveBody, newEnquiryBody, stageBody, startTeamBody } from './inputs.ts';
import { BoardView, NewEnquiryView, StarterHomeView } from './views/board.tsx';
import { type EnquiryForm, type EnquiryForms, EnquiryView } from './views/enquiry.tsx';

addNavLink({ place: 'coop', href: '/starter', label: 'Starting teams', hint: 'Enquiries from people who want a team, and your own.' });

/** The page forms name people by email where the commands take ids. */
const pageFields = (fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k === 'personId' ? 'email' : k === 'advocateId' ? 'advocateEmail' : k, v]));

function registerStarterRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const id = idParam;
  const today = () => isoDate(deps.clock.now(), app.config.timeZone);

  /** The enquiry page, with any one form's problems shown beside its fields. */
  const showEnquiry = async (req: FastifyRequest, reply: FastifyReply, failed?: { form: EnquiryForm; values: Record<string, unknown>; errors: Record<string, string> }, problem?: string) => {
    const page = await read(deps, req.actor, readEnquiry, { enquiryId: id(req) });
    const csrf = csrfFor(reply);
    const current = isStage(page.enquiry.state) ? (page.enquiry.records[page.enquiry.state] as Record<string, unknown> | undefined) : undefined;
    const initial: Record<EnquiryForm, Record<string, unknown>> = {
      stage: current ?? {},
      'check-in': { nextCheckIn: page.enquiry.nextCheckIn },
      person: { email: page.person?.email ?? '' },
      'start-team': {},
      move: {},
    };
    const forms = Object.fromEntries(
      (Object.keys(initial) as EnquiryForm[]).map((f) => [f, failed?.form === f ? { values: failed.values, errors: failed.errors, csrf } : { values: initial[f], errors: {}, csrf }]),
    ) as EnquiryForms;
    const status = problem ? 409 : failed ? 422 : 200;
    return sendPage(req, reply, { title: t('Enquiry'), status, csrf, body: <EnquiryView page={page} forms={forms} problem={problem} /> });
  };

  addRoute(app, {
    method: 'GET', url: '/starter', action: viewEnquiry, kind: 'page', summary: 'Starting teams: your boards and your own enquiry',
    handler: async (req, reply) => {
      const overview = await starterOverview(db, requireActor(req.actor).personId, deps.clock.now());
      return sendPage(req, reply, { title: t('Starting teams'), body: <StarterHomeView {...overview} /> });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/circles/:id/board', action: runEnquiries, kind: 'page', summary: "A Local Circle's board of enquiries and teams",
    handler: async (req, reply) => {
      const board = await read(deps, req.actor, readBoard, { circleId: id(req) });
      return sendPage(req, reply, { title: t('{circle}: starting teams', { circle: board.circle.name }), body: <BoardView board={board} today={today()} /> });
    },
  });
  formPage(app, {
    url: '/circles/:id/enquiries/new', action: runEnquiries, title: t('New enquiry'), summary: 'Record a first contact (stage 1)', body: newEnquiryBody,
    view: async (req, state) => {
      const circle = await getCircle(db, id(req));
      if (!circle || circle.kind !== 'circle' || !canRunEnquiries(req.actor, await starterPeople(db, circle.id, deps.clock.now()))) throw new NotFound(t('That Local Circle was not found.'));
      return <NewEnquiryView circle={circle} state={state} />;
    },
    submit: async (req, reply, values) => {
      const { enquiryId } = await run(deps, req.actor, createEnquiry, { ...values, circleId: id(req) });
      return reply.redirect(`/enquiries/${enquiryId}`, 303);
    },
  });
  addRoute(app, {
    method: 'GET', url: '/enquiries/:id', action: viewEnquiry, kind: 'page', summary: 'An enquiry: every stage recorded, and what can be done next',
    handler: async (req, reply) => showEnquiry(req, reply),
  });

  const forms: [EnquiryForm, z.ZodType, Command<Record<string, unknown> & { enquiryId: string }, unknown>][] = [
    ['stage', stageBody, recordStage],
    ['move', moveBody, moveEnquiry],
    ['check-in', checkInBody, setCheckIn],
    ['person', linkBody, withPeople(linkPerson)],
    ['start-team', startTeamBody, withPeople(startTeam)],
  ];
  for (const [form, body, command] of forms) {
    addRoute(app, {
      method: 'POST', url: `/enquiries/:id/${form}`, action: runEnquiries, kind: 'page', summary: `Enquiry: ${form}`, body,
      handler: async (req, reply) => {
        const values = formBody(req);
        try {
          await run(deps, req.actor, command, { ...values, enquiryId: id(req) });
        } catch (error) {
          if (error instanceof Invalid) return showEnquiry(req, reply, { form, values, errors: pageFields(error.fields) });
          if (error instanceof Conflict) return showEnquiry(req, reply, undefined, error.message);
          throw error;
        }
        return reply.redirect(`/enquiries/${id(req)}`, 303);
      },
    });
  }
}

/** Everything the starter module serves: the pages and the same commands as JSON. */
export function registerStarter(app: FastifyInstance): void {
  registerStarterRoutes(app);
  registerStarterApi(app);
}
