import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type Actor, requireActor } from '../../platform/authz.ts';
import { type Command, run } from '../../platform/context.ts';
import { Invalid, NotAllowed } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validate.ts';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute, formBody, jsonBody, idParam } from '../../web/routing.ts';
import { type TeamFacts, isOwnerSide, teamFacts } from '../teams/policy.ts';
import { A } from './actions.ts';
import { callOutInput, callOutStepInput, draftCallOut, moveCallOut } from './commands/call-outs.ts';
import { addToShortlist, introductionStepInput, moveIntroduction, noteInput, noteShortlistEntry, shortlistInput } from './commands/shortlist.ts';
import { circleMates, isTeamStarter, mayFindForTeam } from './policy.ts';
import { getCallOut, getShortlistEntry, roundMiles, searchProfiles, teamMatching } from './queries.ts';
import { searchInput } from './validation.ts';
import { SearchForm, SearchResults } from './views/search.tsx';
import { TeamMatchingPage } from './views/team.tsx';

const refused = 'Searching Giving Support Profiles is for Team Starters and Coaches, and for team owners finding supporters for their own team.';

export function registerMatchingRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const id = idParam;

  /** Who may search, and for which team (the team's shortlist buttons show only with one). */
  const searchAccess = async (actor: Actor, teamId: unknown): Promise<TeamFacts | null> => {
    const now = deps.clock.now();
    const facts = isUuid(teamId) ? await teamFacts(db, teamId, now) : null;
    if (facts && (await mayFindForTeam(db, actor, facts, now))) return facts;
    if (!facts && (await isTeamStarter(db, actor, now))) return null;
    throw new NotAllowed(refused);
  };
  const teamAccess = async (req: FastifyRequest) => {
    const actor = requireActor(req.actor);
    const facts = await teamFacts(db, id(req), deps.clock.now());
    if (!(await mayFindForTeam(db, actor, facts, deps.clock.now()))) throw new NotAllowed("Only the team's owner, their advocate, or a Team Starter or Coach finds supporters for it.");
    return { actor, facts };
  };

  addRoute(app, {
    method: 'GET', url: '/matching', action: A.search, kind: 'page', summary: 'Search Giving Support Profiles',
    handler: async (req, reply) => {
      const actor = requireActor(req.actor);
      const query = (req.query ?? {}) as Record<string, unknown>;
      const facts = await searchAccess(actor, query.team);
      const team = facts ? { id: facts.team.id, name: facts.team.name } : null;
      const csrf = csrfFor(reply);
      const state = { values: { miles: '10', ...query }, errors: {} as Record<string, string>, csrf };
      let found = null;
      if ('postcode' in query) {
        try {
          found = await searchProfiles(db, parseInput(searchInput, query), await circleMates(db, actor.personId, deps.clock.now()));
        } catch (error) {
          if (!(error instanceof Invalid)) throw error;
          state.errors = error.fields;
        }
      }
      const title = team ? t('Find supporters for {team}', { team: team.name }) : t('Search Giving Support Profiles');
      return sendPage(req, reply, {
        title, csrf, status: Object.keys(state.errors).length ? 422 : 200,
        body: (
          <>
            <h1>{title}</h1>
            {team ? <p><a href={`/matching/teams/${team.id}`}>{t('Back to the call-outs and shortlist for {team}', { team: team.name })}</a></p> : null}
            <SearchForm state={state} team={team} />
            {found ? (
              <section aria-labelledby="results-title">
                <h2 id="results-title">{t('Results')}</h2>
                <SearchResults found={found} team={team} csrf={csrf} />
              </section>
            ) : null}
          </>
        ),
      });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/matching', action: A.search, kind: 'api', summary: 'Search Giving Support Profiles (query: postcode, miles, skills, languages, day, part, maxRate in pounds, open=1, team)',
    handler: async (req) => {
      const actor = requireActor(req.actor);
      const query = (req.query ?? {}) as Record<string, unknown>;
      await searchAccess(actor, query.team);
      const found = await searchProfiles(db, parseInput(searchInput, query), await circleMates(db, actor.personId, deps.clock.now()));
      return { results: found.map(({ lat: _lat, lng: _lng, postcode: _postcode, miles, ...p }) => ({ ...p, miles: roundMiles(miles) })) };
    },
  });

  const teamPage = async (req: FastifyRequest, reply: FastifyReply, state = { values: {}, errors: {}, csrf: csrfFor(reply) }, status = 200) => {
    const { actor, facts } = await teamAccess(req);
    const matching = await teamMatching(db, facts.team.id);
    return sendPage(req, reply, {
      title: t('Finding supporters for {team}', { team: facts.team.name }), csrf: state.csrf, status,
      body: <TeamMatchingPage team={facts.team} matching={matching} ownerSide={isOwnerSide(actor, facts)} state={state} />,
    });
  };
  addRoute(app, { method: 'GET', url: '/matching/teams/:id', action: A.team, kind: 'page', summary: "A team's call-outs, shortlist and introductions", handler: (req, reply) => teamPage(req, reply) });
  addRoute(app, {
    method: 'GET', url: '/api/v1/matching/teams/:id', action: A.team, kind: 'api', summary: "A team's call-outs, shortlist and introductions",
    handler: async (req) => {
      const { facts } = await teamAccess(req);
      return teamMatching(db, facts.team.id);
    },
  });

  // Each team command as a page form (redirecting back to the team) and as JSON.
  type Spec = { page: string; api: string; summary: string; body: z.ZodType; param: 'teamId' | 'callOutId' | 'entryId'; command: Command<Record<string, unknown> & never, unknown>; teamOf: (req: FastifyRequest) => Promise<string | null> };
  const specs: Spec[] = [
    { page: '/matching/teams/:id/call-outs', api: '/api/v1/matching/teams/:id/call-outs', summary: 'Draft a call-out for a team', body: callOutInput, param: 'teamId', command: draftCallOut as never, teamOf: async (req) => id(req) },
    { page: '/call-outs/:id/step', api: '/api/v1/call-outs/:id/step', summary: "A call-out's next step: consent (owner's side), open, close", body: callOutStepInput, param: 'callOutId', command: moveCallOut as never, teamOf: async (req) => (await getCallOut(db, id(req)))?.teamId ?? null },
    { page: '/matching/teams/:id/shortlist', api: '/api/v1/matching/teams/:id/shortlist', summary: "Add a supporter to a team's shortlist", body: shortlistInput, param: 'teamId', command: addToShortlist as never, teamOf: async (req) => id(req) },
    { page: '/shortlist/:id/note', api: '/api/v1/shortlist/:id/note', summary: 'Change the note on a shortlisted supporter', body: noteInput, param: 'entryId', command: noteShortlistEntry as never, teamOf: async (req) => (await getShortlistEntry(db, id(req)))?.teamId ?? null },
    { page: '/shortlist/:id/step', api: '/api/v1/shortlist/:id/step', summary: 'An introduction’s next step: introduce, meet, went-well, not-a-fit, remove', body: introductionStepInput, param: 'entryId', command: moveIntroduction as never, teamOf: async (req) => (await getShortlistEntry(db, id(req)))?.teamId ?? null },
  ];
  for (const spec of specs) {
    addRoute(app, {
      method: 'POST', url: spec.page, action: A.team, kind: 'page', summary: spec.summary, body: spec.body,
      handler: async (req, reply) => {
        const values = formBody(req);
        const teamId = await spec.teamOf(req);
        try {
          await run(deps, req.actor, spec.command, { ...values, [spec.param]: id(req) } as never);
        } catch (error) {
          // The call-out form comes back with its messages beside the fields and what was typed.
          if (!(error instanceof Invalid) || spec.param !== 'teamId' || !('text' in values)) throw error;
          return teamPage(req, reply, { values, errors: error.fields, csrf: csrfFor(reply) }, 422);
        }
        return reply.redirect(teamId && isUuid(teamId) ? `/matching/teams/${teamId}` : '/call-outs', 303);
      },
    });
    addRoute(app, {
      method: 'POST', url: spec.api, action: A.team, kind: 'api', summary: spec.summary, body: spec.body,
      handler: async (req, reply) => {
        const raw = jsonBody(req);
        const result = await run(deps, req.actor, spec.command, { ...raw, [spec.param]: id(req) } as never);
        return reply.status(spec.param === 'teamId' ? 201 : 200).send({ result: result ?? null });
      },
    });
  }
}
