import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../../platform/authz.ts';
import { type Command, run } from '../../platform/context.ts';
import { addRoute, jsonBody, idParam } from '../../web/routing.ts';
import { decideInput, decideJoin, inviteInput, inviteToTeam, requestInput, requestToJoin } from './commands/joining.ts';
import { acceptPromise, giveNotice, leaveTeam, nameTeamHats, removeFromTeam, setAdvocate, stepBack } from './commands/team.ts';
import { profileBody, readProfile, saveProfile } from './profile.ts';
import { currentPromise } from './promise.ts';
import { myTeams, teamOverview } from './queries.ts';
import { isOwnerSide } from './policy.ts';
import { inArray } from 'drizzle-orm';
import { people } from '../people/schema.ts';

type TeamInput = Record<string, unknown> & { teamId: string };

/** Every team command as JSON under /api/v1/teams, with the same rules as the pages. */
export function registerTeamApi(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const id = idParam;

  addRoute(app, {
    method: 'GET', url: '/api/v1/teams', action: 'teams.view', kind: 'api', summary: 'Your teams and open invitations',
    handler: async (req) => myTeams(db, requireActor(req.actor).personId),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/teams/:id', action: 'teams.view', kind: 'api', summary: 'A team: members, hats, joins, Promise, stepping-back check',
    handler: async (req) => {
      const o = await teamOverview(db, requireActor(req.actor), id(req), deps.clock.now());
      // Someone invited or asking sees the team's name and their own join, nothing of who is in it.
      if (!o.inTeam) return { team: { id: o.facts.team.id, name: o.facts.team.name }, joins: o.joins };
      return { team: o.facts.team, advocateId: o.facts.advocateId, selfManagingAt: o.selfManagingAt, members: o.members, hats: o.hats.map((h) => ({ id: h.id, name: h.name, kind: h.kind, holders: h.holders.map((x) => x.personName) })), essentials: o.essentials, promise: o.promise, joins: o.joins, notices: o.notices };
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/teams/:id/profile', action: 'teams.view', kind: 'api', summary: 'The Getting Support Profile sections you may read (reading Essentials is logged)',
    handler: async (req) => {
      const view = await run(deps, req.actor, readProfile, { teamId: id(req), purpose: 'read the Getting Support Profile (API)' });
      // The owner's side sees what its form shows: who was chosen to read each section, too.
      const ownerSide = isOwnerSide(req.actor, view.facts);
      const chosen = [...new Set(view.sections.flatMap((s) => s.section.chosen))];
      const names = new Map(ownerSide && chosen.length ? (await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, chosen))).map((p) => [p.id, p.name]) : []);
      return {
        updatedAt: view.updatedAt,
        sections: view.sections.map((s) => ({
          key: s.key, title: s.title, text: s.section.text, visibility: s.section.visibility,
          ...(ownerSide ? { chosen: s.section.chosen.map((personId) => ({ personId, name: names.get(personId) ?? '' })) } : {}),
        })),
        hidden: view.hidden,
      };
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/promise', action: 'teams.view', kind: 'api', summary: 'The Getting Support Promise in force',
    handler: async () => currentPromise,
  });

  const post = (url: string, action: string, schema: z.ZodType | undefined, command: Command<TeamInput, unknown>, status = 200) =>
    addRoute(app, {
      method: 'POST', url: `/api/v1/teams/:id/${url}`, action, kind: 'api', summary: `Team: ${url}`, body: schema,
      handler: async (req, reply) => reply.status(status).send({ result: (await run(deps, req.actor, command, { ...jsonBody(req), teamId: id(req) })) ?? null }),
    });
  post('invitations', 'teams.join', inviteInput, inviteToTeam, 201);
  post('requests', 'teams.join', requestInput, requestToJoin, 201);
  post('promise', 'teams.manage', z.object({ agree: z.boolean() }), (ctx, i) => acceptPromise(ctx, { teamId: i.teamId, agree: i.agree }));
  post('profile', 'teams.manage', profileBody, saveProfile);
  post('hats', 'teams.manage', z.object({ hats: z.array(z.string()).optional(), ownHat: z.string().optional(), ownPurpose: z.string().optional() }), nameTeamHats);
  post('step-back', 'teams.manage', z.object({ goodbye: z.string() }), stepBack);
  post('advocate', 'teams.manage', z.object({ advocateId: z.string() }), setAdvocate);
  post('notice', 'teams.manage', z.object({ leavingOn: z.string(), handover: z.string() }), giveNotice);
  post('leave', 'teams.manage', z.object({ farewell: z.string() }), leaveTeam);
  post('remove', 'teams.manage', z.object({ personId: z.string() }), (ctx, i) => removeFromTeam(ctx, { teamId: i.teamId, personId: i.personId }));
  addRoute(app, {
    method: 'POST', url: '/api/v1/team-joins/:id', action: 'teams.join', kind: 'api', summary: 'Accept, decline, approve, refuse, withdraw, or debrief a trial (join / not-continue)', body: decideInput,
    handler: async (req) => ({ result: await run(deps, req.actor, decideJoin, { ...jsonBody(req), joinId: id(req) }) }),
  });
}
