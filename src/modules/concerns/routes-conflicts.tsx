import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { run } from '../../platform/context.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { formPage } from '../../web/form-page.tsx';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute, formBody, idParam } from '../../web/routing.ts';
import { type FormState, emptyForm } from '../../web/views/forms.tsx';
import { A } from './actions.ts';
import { conflictStepInput, openConflict, openConflictInput, takeConflictStep } from './conflict-commands.ts';
import { readConflict } from './load.ts';
import { canRaise, supportFacts, teamPeople } from './policy.ts';
import { peopleNamed } from './queries.ts';
import { ConflictPage, OpenConflictForm } from './views/pages.tsx';

export function registerConflictPages(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const id = idParam;

  const showConflict = async (req: FastifyRequest, reply: FastifyReply, shown: { state?: Omit<FormState, 'csrf'>; pageError?: string; status?: number } = {}) => {
    const view = await run(deps, req.actor, readConflict, { conflictId: id(req) });
    const csrf = csrfFor(reply);
    const state = shown.state ? { ...shown.state, csrf } : emptyForm(csrf);
    return sendPage(req, reply, { title: view.conflict.summary, csrf, status: shown.status, body: <ConflictPage view={view} state={state} pageError={shown.pageError} tz={tz} /> });
  };

  addRoute(app, {
    method: 'GET', url: '/conflicts/:id', action: A.view, kind: 'page', summary: 'Conflict support for a team (each read is logged)',
    handler: async (req, reply) => showConflict(req, reply),
  });
  addRoute(app, {
    method: 'POST', url: '/conflicts/:id/steps', action: A.conflictStep, kind: 'page', summary: 'Move conflict support up a step, or record it resolved', body: conflictStepInput,
    handler: async (req, reply) => {
      const values = formBody(req);
      try {
        await run(deps, req.actor, takeConflictStep, { ...values, conflictId: id(req) });
      } catch (error) {
        if (error instanceof Invalid) return showConflict(req, reply, { state: { values, errors: error.fields }, status: 422 });
        if (error instanceof Conflict) return showConflict(req, reply, { pageError: error.message, status: 409 });
        throw error;
      }
      return reply.redirect(`/conflicts/${id(req)}`, 303);
    },
  });

  const openable = async (req: FastifyRequest) => {
    const facts = await supportFacts(db, id(req), deps.clock.now());
    if (!canRaise(req.actor, facts)) throw new NotFound(t('That team was not found.'));
    return { facts, people: (await peopleNamed(db, teamPeople(facts))).map((p) => ({ value: p.id, label: p.name })) };
  };
  formPage(app, {
    url: '/teams/:id/conflicts/new', action: A.raise, title: t('Ask for conflict support'), summary: 'Ask for conflict support in a team (step 1)', body: openConflictInput,
    initial: async (req) => (await openable(req), { way: 'direct' }),
    view: async (req, state) => {
      const { facts, people } = await openable(req);
      return <OpenConflictForm state={state} teamId={facts.team.id} teamName={facts.team.name} people={people} />;
    },
    submit: async (req, reply, values) => {
      const { conflictId } = await run(deps, req.actor, openConflict, { ...values, teamId: id(req) });
      return reply.redirect(`/conflicts/${conflictId}`, 303);
    },
  });
}
