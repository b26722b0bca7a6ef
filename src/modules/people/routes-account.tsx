import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import { NotFound } from '../../platform/errors.ts';
import { formPage } from '../../web/form-page.tsx';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute } from '../../web/routing.ts';
import { A } from './actions.ts';
import { createApiToken, revokeApiToken } from './commands/api-tokens.ts';
import { revokeSession } from './commands/revoke-session.ts';
import { updateProfile } from './commands/update-profile.ts';
import { hatsWornBy } from './hats.ts';
import { type Profile, getProfile, listApiTokens, listSessions } from './queries.ts';
import { profileInput, tokenInput } from './validation.ts';
import { ProfileView, TokensView, DevicesView } from './views/account.tsx';
import { HatsView } from './views/hats.tsx';
import { registerTodayRoutes } from '../today/routes.tsx';
import { registerPrivacy } from '../privacy/routes.tsx';

export function profileValues(p: Profile): Record<string, unknown> {
  return {
    name: p.name,
    preferredName: p.preferredName ?? '',
    pronouns: p.pronouns ?? '',
    phone: p.phone ?? '',
    address: p.address ?? '',
    preferredChannel: p.preferredChannel,
    language: p.language,
    largeText: p.accessibility.largeText ? 'on' : '',
    reducedMotion: p.accessibility.reducedMotion ? 'on' : '',
    highContrast: p.accessibility.highContrast ? 'on' : '',
    accessibilityNotes: p.accessibility.notes ?? '',
  };
}

/** The signed-in person's own pages: home (modules/today), profile, devices, API tokens, hats and Download your data (modules/privacy). */
export function registerAccountRoutes(app: FastifyInstance): void {
  registerTodayRoutes(app);
  // Download your data (modules/privacy): an account page, registered with the others.
  registerPrivacy(app);
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const me = async (personId: string) => {
    const profile = await getProfile(db, personId);
    if (!profile) throw new NotFound();
    return profile;
  };

  formPage(app, {
    url: '/me/profile',
    action: A.viewSelf,
    submitAction: A.editSelf,
    title: t('Your profile'),
    summary: 'Your profile',
    body: profileInput,
    initial: async (req) => profileValues(await me(requireActor(req.actor).personId)),
    view: async (req, state) => {
      const profile = await me(requireActor(req.actor).personId);
      return <ProfileView state={state} email={profile.email} />;
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, updateProfile, values);
      return reply.redirect('/me/profile?saved=1', 303);
    },
  });

  addRoute(app, {
    method: 'GET',
    url: '/me/devices',
    action: A.viewSelf,
    kind: 'page',
    summary: 'Your signed-in devices',
    handler: async (req, reply) => {
      const actor = requireActor(req.actor);
      const devices = await listSessions(db, actor.personId, deps.clock.now());
      const csrf = csrfFor(reply);
      return sendPage(req, reply, {
        title: t('Your devices'),
        csrf,
        body: <DevicesView devices={devices} currentId={actor.sessionId} csrf={csrf} tz={tz} />,
      });
    },
  });

  addRoute(app, {
    method: 'POST',
    url: '/me/devices/:id/revoke',
    action: A.editSelf,
    kind: 'page',
    summary: 'Sign out one of your devices',
    handler: async (req, reply) => {
      const { id } = req.params as { id: string };
      await run(deps, req.actor, revokeSession, { sessionId: id });
      return reply.redirect(id === req.actor?.sessionId ? '/sign-in' : '/me/devices', 303);
    },
  });

  formPage(app, {
    url: '/me/tokens',
    action: A.viewSelf,
    submitAction: A.editSelf,
    title: t('API tokens'),
    summary: 'Your API tokens',
    body: tokenInput,
    view: async (req, state) => {
      const tokens = await listApiTokens(db, requireActor(req.actor).personId);
      return <TokensView tokens={tokens} state={state} tz={tz} />;
    },
    submit: async (req, reply, values) => {
      const created = await run(deps, req.actor, createApiToken, values);
      const tokens = await listApiTokens(db, requireActor(req.actor).personId);
      const state = { values: {}, errors: {}, csrf: csrfFor(reply) };
      return sendPage(req, reply, {
        title: t('API tokens'),
        csrf: state.csrf,
        status: 201,
        body: <TokensView tokens={tokens} state={state} created={created.token} tz={tz} />,
      });
    },
  });

  addRoute(app, {
    method: 'POST',
    url: '/me/tokens/:id/revoke',
    action: A.editSelf,
    kind: 'page',
    summary: 'Revoke an API token',
    handler: async (req, reply) => {
      await run(deps, req.actor, revokeApiToken, { tokenId: (req.params as { id: string }).id });
      return reply.redirect('/me/tokens', 303);
    },
  });

  addRoute(app, {
    method: 'GET',
    url: '/me/hats',
    action: A.viewSelf,
    kind: 'page',
    summary: 'The hats you wear',
    handler: async (req, reply) => {
      const hats = await hatsWornBy(db, requireActor(req.actor).personId, deps.clock.now());
      return sendPage(req, reply, { title: t('Your hats'), body: <HatsView hats={hats} tz={tz} /> });
    },
  });
}
