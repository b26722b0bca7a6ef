import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { requireActor } from '../../platform/authz.ts';
import { type Command, run } from '../../platform/context.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { formPage } from '../../web/form-page.tsx';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute, formBody, idParam } from '../../web/routing.ts';
import { type FormState, emptyForm } from '../../web/views/forms.tsx';
import { addNavLink } from '../../web/views/places.ts';
import { circleMembership } from '../circles/queries.ts';
import { A } from './actions.ts';
import { addConcernViewer, notReferredInput, raiseConcern, raiseInput, recordNotReferred, recordReferral, recordReferralOutcome, referralInput, referralOutcomeInput, stepInput, takeConcernStep, viewerInput } from './commands.ts';
import { type ConcernView, readConcern } from './load.ts';
import { canRaise, concernHandlers, isOwnerSideId, supportFacts, teamPeople } from './policy.ts';
import { peopleNamed, teamsToRaiseFor, visibleConcerns, visibleConflicts } from './queries.ts';
import { pageFrom } from '../../platform/keyset.ts';

/** How many concerns, and how many conflicts, the list page shows at a time. */
const LIST_PAGE = 50;
import { type ConcernForm, ConcernPage, type Option } from './views/concern-page.tsx';
import { ConcernList, RaiseConcernForm } from './views/pages.tsx';

addNavLink({ place: 'coop', href: '/concerns', label: 'Concerns', hint: 'Concerns and conflict support you raised or handle.' });

const formNames: ConcernForm[] = ['step', 'referral', 'referral-outcome', 'not-referred', 'viewer'];

export function registerConcernPages(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const id = idParam;

  /** A handler may let anyone in the team or its Local Circle see it, except who it is about and who already can. */
  const viewerOptions = async (view: ConcernView): Promise<Option[]> => {
    const facts = await supportFacts(db, view.team.id, deps.clock.now());
    const local = facts.team.parentId ? (await circleMembership(db, facts.team.parentId, deps.clock.now())).map((m) => m.personId) : [];
    const already = new Set([view.concern.raisedBy, view.concern.aboutPersonId, ...concernHandlers(facts, view.concern), ...view.viewers.map((v) => v.id)]);
    const candidates = [...teamPeople(facts), ...local].filter((p) => !already.has(p) && !isOwnerSideId(p, facts));
    return (await peopleNamed(db, candidates)).map((p) => ({ value: p.id, label: p.name }));
  };

  const showConcern = async (req: FastifyRequest, reply: FastifyReply, shown: { form?: ConcernForm; state?: Omit<FormState, 'csrf'>; pageError?: string; status?: number } = {}) => {
    const view = await run(deps, req.actor, readConcern, { concernId: id(req) });
    const csrf = csrfFor(reply);
    const forms = Object.fromEntries(formNames.map((n) => [n, emptyForm(csrf)])) as Record<ConcernForm, FormState>;
    if (shown.form && shown.state) forms[shown.form] = { ...shown.state, csrf };
    const options = view.handler ? await viewerOptions(view) : [];
    return sendPage(req, reply, { title: view.concern.summary, csrf, status: shown.status, body: <ConcernPage view={view} forms={forms} pageError={shown.pageError} viewerOptions={options} tz={tz} /> });
  };

  addRoute(app, {
    method: 'GET', url: '/concerns', action: A.view, kind: 'page', summary: 'Concerns and conflict support you can see',
    handler: async (req, reply) => {
      const actor = requireActor(req.actor);
      const now = deps.clock.now();
      // Each list a page at a time, its own cursor (concerns_after, conflicts_before...), the other's kept in the links.
      const concerns = await visibleConcerns(db, actor, now, pageFrom(req.query, 'concerns_'), LIST_PAGE);
      const conflicts = await visibleConflicts(db, actor, now, pageFrom(req.query, 'conflicts_'), LIST_PAGE);
      const teams = await teamsToRaiseFor(db, actor, now);
      return sendPage(req, reply, { title: t('Concerns'), body: <ConcernList concerns={concerns} conflicts={conflicts} teams={teams} query={req.query as Record<string, unknown>} tz={tz} /> });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/concerns/:id', action: A.view, kind: 'page', summary: 'A concern (each read is logged)',
    handler: async (req, reply) => showConcern(req, reply),
  });

  const raisable = async (req: FastifyRequest) => {
    const facts = await supportFacts(db, id(req), deps.clock.now());
    if (!canRaise(req.actor, facts)) throw new NotFound(t('That team was not found.'));
    const people = (await peopleNamed(db, teamPeople(facts))).filter((p) => p.id !== req.actor?.personId);
    return { facts, people: people.map((p) => ({ value: p.id, label: p.name })) };
  };
  formPage(app, {
    url: '/teams/:id/concerns/new', action: A.raise, title: t('Raise a concern'), summary: 'Raise a concern about a team', body: raiseInput,
    initial: async (req) => (await raisable(req), {}),
    view: async (req, state) => {
      const { facts, people } = await raisable(req);
      return <RaiseConcernForm state={state} teamId={facts.team.id} teamName={facts.team.name} people={people} />;
    },
    submit: async (req, reply, values) => {
      const { concernId } = await run(deps, req.actor, raiseConcern, { ...values, teamId: id(req) });
      return reply.redirect(`/concerns/${concernId}`, 303);
    },
  });

  const handling: [string, ConcernForm, z.ZodType, Command<Record<string, unknown> & { concernId: string }, unknown>, string][] = [
    ['steps', 'step', stepInput, takeConcernStep, 'Move a concern on a step, with a note'],
    ['referral', 'referral', referralInput, recordReferral, 'Record the referral to the local authority'],
    ['referral-outcome', 'referral-outcome', referralOutcomeInput, recordReferralOutcome, 'Record what came of the referral'],
    ['not-referred', 'not-referred', notReferredInput, recordNotReferred, 'Record why a safeguarding concern was not referred'],
    ['viewers', 'viewer', viewerInput, addConcernViewer, 'Let someone else see a concern'],
  ];
  for (const [url, form, body, command, summary] of handling) {
    addRoute(app, {
      method: 'POST', url: `/concerns/:id/${url}`, action: A.handle, kind: 'page', summary, body,
      handler: async (req, reply) => {
        const values = formBody(req);
        try {
          await run(deps, req.actor, command, { ...values, concernId: id(req) });
        } catch (error) {
          if (error instanceof Invalid) return showConcern(req, reply, { form, state: { values, errors: error.fields }, status: 422 });
          if (error instanceof Conflict) return showConcern(req, reply, { pageError: error.message, status: 409 });
          throw error;
        }
        return reply.redirect(`/concerns/${id(req)}`, 303);
      },
    });
  }
}
