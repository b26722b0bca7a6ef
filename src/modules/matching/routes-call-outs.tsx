import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import { circlesOf, getCircle } from '../circles/queries.ts';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute, formBody, jsonBody, idParam } from '../../web/routing.ts';
import { A } from './actions.ts';
import { interestInput, registerInterest } from './commands/call-outs.ts';
import { callOutsNear, myIntroductions, profileOf, roundMiles } from './queries.ts';
import { CallOutsPage } from './views/call-outs.tsx';

export function registerCallOutRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const id = idParam;
  /** What a supporter sees: call-outs in their reach (only while open to new teams) and their introductions. */
  const forSupporter = async (personId: string) => {
    const profile = await profileOf(db, personId);
    const near = profile?.openToNewTeams ? await callOutsNear(db, profile) : [];
    return { profile, near, introductions: await myIntroductions(db, personId) };
  };

  addRoute(app, {
    method: 'GET', url: '/call-outs', action: A.callOuts, kind: 'page', summary: 'Call-outs near you and your introductions',
    handler: async (req, reply) => {
      const actor = requireActor(req.actor);
      const { profile, near, introductions } = await forSupporter(actor.personId);
      // Teams this person owns, so an owner can reach the page where they consent to call-outs.
      const owned = [];
      for (const c of (await circlesOf(db, actor.personId)).filter((x) => x.kind === 'team')) {
        const circle = await getCircle(db, c.id);
        if (circle?.ownerId === actor.personId) owned.push({ id: circle.id, name: circle.name });
      }
      const done = (req.query as { done?: string }).done === 'interest';
      return sendPage(req, reply, {
        title: t('Call-outs'),
        body: <CallOutsPage profile={profile} near={near} introductions={introductions} owned={owned} csrf={csrfFor(reply)} done={done} />,
      });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/call-outs', action: A.callOuts, kind: 'api', summary: 'Open call-outs within your travel distance (needs a profile open to new teams) and your introductions',
    handler: async (req) => {
      const { near, introductions } = await forSupporter(requireActor(req.actor).personId);
      return {
        callOuts: near.map((c) => ({ id: c.id, text: c.text, district: c.district, skillsWanted: c.skillsWanted, miles: roundMiles(c.miles), interested: c.interested })),
        introductions: introductions.map((i) => ({ id: i.id, teamName: i.teamName, state: i.state, updatedAt: i.updatedAt })),
      };
    },
  });
  addRoute(app, {
    method: 'POST', url: '/call-outs/:id/interest', action: A.callOuts, kind: 'page', summary: "Say you are interested in a call-out", body: interestInput,
    handler: async (req, reply) => {
      await run(deps, req.actor, registerInterest, { ...formBody(req), callOutId: id(req) });
      return reply.redirect('/call-outs?done=interest', 303);
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/call-outs/:id/interest', action: A.callOuts, kind: 'api', summary: "Say you are interested in a call-out", body: interestInput,
    handler: async (req, reply) => {
      const raw = jsonBody(req);
      await run(deps, req.actor, registerInterest, { ...raw, callOutId: id(req) });
      return reply.status(201).send({ interested: true });
    },
  });
}
