import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, requireActor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import { NotFound } from '../../platform/errors.ts';
import { t } from '../../web/i18n.ts';
import { formPage } from '../../web/form-page.tsx';
import { sendPage } from '../../web/render.tsx';
import { addRoute } from '../../web/routing.ts';
import { addNavLink } from '../../web/views/places.ts';
import { A } from './actions.ts';
import { saveGivingProfile } from './commands/save-giving-profile.ts';
import { canViewProfile, circleMates, isTeamStarter } from './policy.ts';
import { type GivingProfile, profileOf } from './queries.ts';
import { profileInput } from './validation.ts';
import { ProfileForm, ProfileView, profileValues } from './views/profile.tsx';

addNavLink({ place: 'me', href: '/giving-profile', label: 'Giving support', hint: 'Your Giving Support Profile: what you offer and when.' });
addNavLink({ place: 'coop', href: '/call-outs', label: 'Call-outs', hint: 'Teams near you looking for support, and your introductions.' });

/** A profile as JSON: others see the district, never the full postcode or the coordinates. */
export function profileJson(p: GivingProfile & { name: string }, own: boolean) {
  const { lat, lng, postcode, ...rest } = p;
  return own ? { ...rest, postcode, lat, lng } : rest;
}

export function registerProfileRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const mine = (req: FastifyRequest) => profileOf(db, requireActor(req.actor).personId);
  /** Someone's profile, or not found when the viewer may not see it (nobody learns it exists). */
  const visible = async (viewer: Actor, personId: string) => {
    const profile = await profileOf(db, personId);
    if (!profile || !canViewProfile(viewer, profile, await circleMates(db, viewer.personId, deps.clock.now()))) throw new NotFound(t('That Giving Support Profile was not found.'));
    return profile;
  };

  formPage(app, {
    url: '/giving-profile',
    action: A.ownProfile,
    title: t('Your Giving Support Profile'),
    summary: 'Your Giving Support Profile',
    body: profileInput,
    initial: async (req) => {
      const p = await mine(req);
      return p ? profileValues(p) : { travelMiles: '5', openToNewTeams: 'yes' };
    },
    view: async (req, state) => {
      const actor = requireActor(req.actor);
      const saved = await mine(req);
      const starter = await isTeamStarter(db, actor, deps.clock.now());
      return (
        <>
          {(req.query as { done?: string }).done === 'saved' ? <p class="notice" role="status">{t('Your profile is saved.')}</p> : null}
          <ProfileForm state={state} personId={actor.personId} saved={!!saved} />
          <h2>{t('Finding teams and supporters')}</h2>
          <ul>
            <li><a href="/call-outs">{t('Call-outs near you and your introductions')}</a></li>
            {starter ? <li><a href="/matching">{t('Search Giving Support Profiles')}</a></li> : null}
          </ul>
        </>
      );
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, saveGivingProfile, values);
      return reply.redirect('/giving-profile?done=saved', 303);
    },
  });

  addRoute(app, {
    method: 'GET', url: '/people/:id/giving-profile', action: A.viewProfile, kind: 'page', summary: "Someone's Giving Support Profile, ready to print",
    handler: async (req, reply) => {
      const profile = await visible(requireActor(req.actor), (req.params as { id: string }).id);
      return sendPage(req, reply, { title: t('Giving Support Profile: {name}', { name: profile.name }), body: <ProfileView profile={profile} /> });
    },
  });

  addRoute(app, {
    method: 'GET', url: '/api/v1/me/giving-profile', action: A.ownProfile, kind: 'api', summary: 'Your Giving Support Profile (null until you write one)',
    handler: async (req) => {
      const p = await mine(req);
      return { profile: p ? profileJson(p, true) : null };
    },
  });
  addRoute(app, {
    method: 'PUT', url: '/api/v1/me/giving-profile', action: A.ownProfile, kind: 'api', summary: 'Write your Giving Support Profile (hourlyRate in pounds, like "16.50"; qualifications as [{name, date: "YYYY-MM"}])', body: profileInput,
    handler: async (req) => {
      await run(deps, req.actor, saveGivingProfile, (req.body ?? {}) as Record<string, unknown>);
      return { profile: profileJson((await mine(req)) as GivingProfile & { name: string }, true) };
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/people/:id/giving-profile', action: A.viewProfile, kind: 'api', summary: "Someone's Giving Support Profile (open to new teams, or you share a circle)",
    handler: async (req) => {
      const actor = requireActor(req.actor);
      const profile = await visible(actor, (req.params as { id: string }).id);
      return { profile: profileJson(profile, profile.personId === actor.personId) };
    },
  });
}
