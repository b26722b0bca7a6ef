import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, requireActor } from '../../../platform/authz.ts';
import { CHOICES_SHOWN } from '../../../web/views/chooser.tsx';
import { Checkpoints } from '../../../platform/checkpoints.ts';
import { run } from '../../../platform/context.ts';
import { formPage } from '../../../web/form-page.tsx';
import { t } from '../../../web/i18n.ts';
import { sendPage } from '../../../web/render.tsx';
import { addRoute, jsonBody } from '../../../web/routing.ts';
import { addNavLink } from '../../../web/views/places.ts';
import { A } from '../actions.ts';
import { openRecords, openRecordsInput } from './commands.ts';
import { openablePurposes, openableTeams } from './policy.ts';
import { sealFor, whoHasSeen } from './queries.ts';
import { OpenRecordsForm, WhoHasSeenPage } from './views.tsx';

/** The search typed into the team chooser (`?who=`), cut to a sane length. */
const whoOf = (req: FastifyRequest): string => {
  const who = (req.query as Record<string, unknown> | undefined)?.who;
  return typeof who === 'string' ? who.slice(0, 100) : '';
};

addNavLink({ place: 'me', href: '/records/access', label: 'Who has seen my records', hint: 'Every read of your care records: who, when and why.', within: ['/records'] });

type Query = { owner?: string; before?: string; newer?: string };

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
      const view = await whoHasSeen(db, requireActor(req.actor), { ownerId: query(req).owner, before: query(req).before, newer: query(req).newer });
      const seal = await sealFor(db, view.owner.id, checkpoints);
      return sendPage(req, reply, { title: t('Who has seen your records'), body: <WhoHasSeenPage view={view} seal={seal} tz={tz} /> });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/records/access', action: A.recordsAccess, kind: 'api', summary: 'Access-log entries about your records (or the owner you are advocate for), newest first; ?owner=, ?before= the `next` seq for older entries, ?newer= the `prev` seq for newer',
    handler: async (req) => {
      const view = await whoHasSeen(db, requireActor(req.actor), { ownerId: query(req).owner, before: query(req).before, newer: query(req).newer });
      return { owner: { id: view.owner.id, name: view.owner.name }, entries: view.entries, next: view.next, prev: view.prev, seal: await sealFor(db, view.owner.id, checkpoints) };
    },
  });

  /** The teams the person may open whose name holds the search, at most CHOICES_SHOWN, and the one already chosen. */
  const teamChoices = async (actor: Actor, who: string, chosen: string) => {
    const now = deps.clock.now();
    const rows = await openableTeams(db, actor, now, { search: who, limit: CHOICES_SHOWN + 1 });
    const shown = rows.slice(0, CHOICES_SHOWN);
    const kept = chosen && !shown.some((r) => r.id === chosen) ? await openableTeams(db, actor, now, { only: chosen, limit: 1 }) : [];
    return { choices: [...kept, ...shown].map((r) => ({ value: r.id, label: r.name })), more: rows.length > CHOICES_SHOWN };
  };
  addRoute(app, {
    method: 'GET', url: '/api/v1/records/choices/teams', action: A.recordsAccess, kind: 'api',
    summary: 'Teams whose records you may open whose name holds ?who=; at most 25',
    handler: async (req) => teamChoices(requireActor(req.actor), whoOf(req), ''),
  });

  formPage(app, {
    url: '/records/open', action: A.recordsAccess, title: t("Open a team's records"), summary: 'Open a team\'s records for 24 hours for safeguarding, a quality audit or a regulator, with a written reason', body: openRecordsInput,
    view: async (req, state) => {
      const actor = requireActor(req.actor);
      const now = deps.clock.now();
      const who = whoOf(req);
      const found = await teamChoices(actor, who, typeof state.values.teamId === 'string' ? state.values.teamId : '');
      const finder = { action: '/records/open', source: '/api/v1/records/choices/teams', target: 'teamId', label: t('Find a team by name'), value: who, found: found.choices.length, more: found.more, noun: { one: 'team', many: 'teams' } };
      return <OpenRecordsForm state={state} teams={found.choices} purposes={await openablePurposes(db, actor, now)} finder={finder} />;
    },
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
