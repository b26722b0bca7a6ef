import type { FastifyInstance } from 'fastify';

import { requireActor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import { NotAllowed, NotFound } from '../../platform/errors.ts';
import { addRoute, jsonBody } from '../../web/routing.ts';
import { A } from './actions.ts';
import { createApiToken, revokeApiToken } from './commands/api-tokens.ts';
import { invitePerson } from './commands/invite-person.ts';
import { revokeSession } from './commands/revoke-session.ts';
import { updateProfile } from './commands/update-profile.ts';
import { hatsWornBy } from './hats.ts';
import { canInvite } from './policy.ts';
import { getProfile, listApiTokens, listSentInvitations, listSessions } from './queries.ts';
import { inviteInput, profileInput, tokenInput } from './validation.ts';

/** The same commands as the pages, as JSON at /api/v1. */
export function registerPeopleApi(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const param = (req: { params: unknown }) => (req.params as { id: string }).id;

  const me = async (personId: string) => {
    const profile = await getProfile(db, personId);
    if (!profile) throw new NotFound();
    return profile;
  };

  addRoute(app, {
    method: 'GET', url: '/api/v1/me', action: A.viewSelf, kind: 'api', summary: 'Who you are signed in as',
    handler: async (req) => {
      const actor = requireActor(req.actor);
      const profile = await me(actor.personId);
      return { person: profile, hats: await hatsWornBy(db, actor.personId, deps.clock.now()) };
    },
  });
  addRoute(app, {
    method: 'PUT', url: '/api/v1/me/profile', action: A.editSelf, kind: 'api', summary: 'Update your profile',
    body: profileInput,
    handler: async (req) => {
      await run(deps, req.actor, updateProfile, jsonBody(req));
      return { person: await me(requireActor(req.actor).personId) };
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/me/sessions', action: A.viewSelf, kind: 'api', summary: 'Your signed-in devices',
    handler: async (req) => ({ sessions: await listSessions(db, requireActor(req.actor).personId, deps.clock.now()) }),
  });
  addRoute(app, {
    method: 'DELETE', url: '/api/v1/me/sessions/:id', action: A.editSelf, kind: 'api', summary: 'Sign out one of your devices',
    handler: async (req, reply) => {
      await run(deps, req.actor, revokeSession, { sessionId: param(req) });
      return reply.status(204).send();
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/me/tokens', action: A.viewSelf, kind: 'api', summary: 'Your API tokens',
    handler: async (req) => ({ tokens: await listApiTokens(db, requireActor(req.actor).personId) }),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/me/tokens', action: A.editSelf, kind: 'api', summary: 'Create an API token (shown once)',
    body: tokenInput, answerShownOnce: true,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, createApiToken, jsonBody(req))),
  });
  addRoute(app, {
    method: 'DELETE', url: '/api/v1/me/tokens/:id', action: A.editSelf, kind: 'api', summary: 'Revoke an API token',
    handler: async (req, reply) => {
      await run(deps, req.actor, revokeApiToken, { tokenId: param(req) });
      return reply.status(204).send();
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/invitations', action: A.invite, kind: 'api', summary: 'Invitations you have sent',
    handler: async (req) => {
      const actor = requireActor(req.actor);
      if (!canInvite(actor)) throw new NotAllowed();
      return { invitations: await listSentInvitations(db, actor.personId) };
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/invitations', action: A.invite, kind: 'api', summary: 'Invite someone by email',
    body: inviteInput,
    handler: async (req, reply) => {
      const result = await run(deps, req.actor, invitePerson, { ...jsonBody(req), baseUrl: app.config.baseUrl });
      return reply.status(201).send({ invitationId: result.invitationId });
    },
  });
}

