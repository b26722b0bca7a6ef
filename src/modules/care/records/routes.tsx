import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireActor } from '../../../platform/authz.ts';
import { Checkpoints } from '../../../platform/checkpoints.ts';
import { run } from '../../../platform/context.ts';
import { formPage } from '../../../web/form-page.tsx';
import { t } from '../../../web/i18n.ts';
import { sendPage } from '../../../web/render.tsx';
import { addRoute, jsonBody } from '../../../web/routing.ts';
import { addNavLink } from '../../../web/views/places.ts';
import { A } from '../actions.ts';
import { openRecords, openRecordsInput } from './commands.ts';
import { openableTeams } from './policy.ts';
import { sealFor, whoHasSeen } from './queries.ts';
import { OpenRecordsForm, WhoHasSeenPage } from './views.tsx';

addNavLink({ place: 'me', href: '/records/access', label: 'Who has seen my records', hint: 'Every read of your care records: who, when and why.', within: ['/records'] });

type Query = { owner?: string; before?: string };

/** "Who has seen my records", and special access with a stated reason. */
export function registerRecordsRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const query = (req: FastifyRequest) => req.query as Query;
  const checkpoints = new Checkpoints(app.config.dataDir);

  addRoute(app, {
    method: 'GET', url: '/records/access', action: A.recordsAccess, kind: 'page', summary: 'Who has seen your records (or, for an advocate, the owner\'s): who, when, which record, why',
    handler: async (req, reply) => {
      const view = await whoHasSeen(db, requireActor(req.actor), { ownerId: query(req).owner, before: query(req).before });
      const seal = await sealFor(db, view.owner.id, checkpoints);
      return sendPage(req, reply, { title: t('Who has seen your records'), body: <WhoHasSeenPage view={view} seal={seal} tz={tz} /> });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/records/access', action: A.recordsAccess, kind: 'api', summary: 'Access-log entries about your records (or the owner you are advocate for), newest first; ?owner=&before=seq',
    handler: async (req) => {
      const view = await whoHasSeen(db, requireActor(req.actor), { ownerId: query(req).owner, before: query(req).before });
      return { owner: { id: view.owner.id, name: view.owner.name }, entries: view.entries, next: view.next, seal: await sealFor(db, view.owner.id, checkpoints) };
    },
  });

  formPage(app, {
    url: '/records/open', action: A.recordsAccess, title: t("Open a team's records"), summary: 'Open a team\'s records for 24 hours for safeguarding, a quality audit or a regulator, with a written reason', body: openRecordsInput,
    view: async (req, state) => <OpenRecordsForm state={state} teams={await openableTeams(db, requireActor(req.actor), deps.clock.now())} />,
    submit: async (req, reply, values) => {
      await run(deps, req.actor, openRecords, values);
      return reply.redirect(`/teams/${String(values.teamId)}/notes`, 303);
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/records/open', action: A.recordsAccess, kind: 'api', summary: "Open a team's records for 24 hours with a purpose and a written reason (logged; the owner is told)", body: openRecordsInput,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, openRecords, jsonBody(req))),
  });
}
