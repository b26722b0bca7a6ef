import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { run } from '../../../platform/context.ts';
import { Invalid } from '../../../platform/errors.ts';
import { formPage } from '../../../web/form-page.tsx';
import { t } from '../../../web/i18n.ts';
import { csrfFor, sendPage } from '../../../web/render.tsx';
import { addRoute, formBody, idParam, jsonBody } from '../../../web/routing.ts';
import { Form, type FormState } from '../../../web/views/forms.tsx';
import { addConnection, changeConnection, removeConnection } from './commands.ts';
import { connectionToChange, readCareMap } from './queries.ts';
import { careKinds, connectionKinds } from './schema.ts';
import { CareMapPage, ConnectionFields } from './views.tsx';

// Actions as the team's other routes name them: reading is the team page's, changing the team's.
const view = 'teams.view';
const manage = 'teams.manage';

/** What the API and the forms take; the command checks every field again and says what is wrong. */
const connectionBody = z.object({
  name: z.string().max(1000).optional(),
  kind: z.enum(connectionKinds).optional(),
  care: z.enum(careKinds).optional(),
  note: z.string().max(1000).nullable().optional(),
});
const formConnectionBody = z.record(z.string(), z.string());
const connectionParam = (req: FastifyRequest) => (req.params as { connectionId: string }).connectionId;

/** The community care map: its printable page, the forms that keep it, and the JSON API. */
export function registerCareMap(app: FastifyInstance): void {
  const deps = app.deps;
  const tz = app.config.timeZone;
  const id = idParam;

  const mapPage = async (req: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) => {
    const map = await run(deps, req.actor, readCareMap, { teamId: id(req) });
    return sendPage(req, reply, { title: t('{name}\'s circle of support', { name: map.owner.name }), status, csrf: state.csrf, body: <CareMapPage map={map} state={state} tz={tz} /> });
  };

  addRoute(app, {
    method: 'GET', url: '/teams/:id/care-map', action: view, kind: 'page', summary: 'The community care map: the circle of support around the owner (printable)',
    handler: (req, reply) => mapPage(req, reply, { values: {}, errors: {}, csrf: csrfFor(reply) }),
  });
  addRoute(app, {
    method: 'POST', url: '/teams/:id/care-map', action: manage, kind: 'page', summary: 'Add a connection to the care map', body: formConnectionBody,
    handler: async (req, reply) => {
      const values = formBody(req);
      try {
        await run(deps, req.actor, addConnection, { ...values, teamId: id(req) });
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        return mapPage(req, reply, { values, errors: error.fields, csrf: csrfFor(reply) }, 422);
      }
      return reply.redirect(`/teams/${id(req)}/care-map`, 303);
    },
  });
  formPage(app, {
    url: '/teams/:id/care-map/connections/:connectionId', action: view, submitAction: manage, title: t('Change a connection'), summary: 'Change a connection on the care map', body: formConnectionBody,
    initial: async (req) => {
      const c = await run(deps, req.actor, connectionToChange, { teamId: id(req), connectionId: connectionParam(req) });
      return { name: c.name, kind: c.kind, care: c.care, note: c.note ?? '' };
    },
    view: async (req, state) => {
      const c = await run(deps, req.actor, connectionToChange, { teamId: id(req), connectionId: connectionParam(req) });
      return (
        <>
          <h1>{t('Change {name}', { name: c.name })}</h1>
          <p><a href={`/teams/${id(req)}/care-map`}>{t('Back to the circle of support of {team}', { team: c.teamName })}</a></p>
          <Form action={`/teams/${id(req)}/care-map/connections/${c.id}`} state={state} submit={t('Save the change')}>
            <ConnectionFields state={state} />
          </Form>
        </>
      );
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, changeConnection, { ...values, teamId: id(req), connectionId: connectionParam(req) });
      return reply.redirect(`/teams/${id(req)}/care-map`, 303);
    },
  });
  addRoute(app, {
    method: 'POST', url: '/teams/:id/care-map/connections/:connectionId/remove', action: manage, kind: 'page', summary: 'Remove a connection from the care map', body: z.object({}),
    handler: async (req, reply) => {
      await run(deps, req.actor, removeConnection, { teamId: id(req), connectionId: connectionParam(req) });
      return reply.redirect(`/teams/${id(req)}/care-map`, 303);
    },
  });

  addRoute(app, {
    method: 'GET', url: '/api/v1/teams/:id/connections', action: view, kind: 'api', summary: "The team's care map: the owner, the team's people by how they take part with their hats, the recorded connections and the Local Circle",
    handler: async (req) => {
      const { mayKeep, ...map } = await run(deps, req.actor, readCareMap, { teamId: id(req) });
      return { ...map, mayChange: mayKeep };
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/teams/:id/connections', action: manage, kind: 'api', summary: 'Add a connection to the care map (name, kind: group|organisation|service|person, care: generative|engaged|inactive, note)', body: connectionBody,
    handler: async (req, reply) => reply.status(201).send({ result: await run(deps, req.actor, addConnection, { ...jsonBody(req), teamId: id(req) }) }),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/teams/:id/connections/:connectionId', action: manage, kind: 'api', summary: 'Change a connection on the care map (all fields, as when adding)', body: connectionBody,
    handler: async (req) => {
      await run(deps, req.actor, changeConnection, { ...jsonBody(req), teamId: id(req), connectionId: connectionParam(req) });
      return { result: null };
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/teams/:id/connections/:connectionId/remove', action: manage, kind: 'api', summary: 'Remove a connection from the care map', body: z.object({}),
    handler: async (req) => {
      await run(deps, req.actor, removeConnection, { teamId: id(req), connectionId: connectionParam(req) });
      return { result: null };
    },
  });
}
