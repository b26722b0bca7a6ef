import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import { Invalid } from '../../platform/errors.ts';
import { addRoute, idParam, jsonBody } from '../../web/routing.ts';
import { answerRound } from './answer.ts';
import { closeRound, openRound } from './commands.ts';
import { surveysOpenFor } from './queries.ts';
import { S, resultsFor, visibleRound } from './routes.tsx';

const answersBody = z.object({
  about: z.string().optional(),
  answers: z.array(z.object({ statementId: z.string(), score: z.number(), comment: z.string().optional() })).max(100),
});

/** The survey's JSON API: the same commands and rules as the pages. */
export function registerSurveyApi(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const now = () => deps.clock.now();

  addRoute(app, {
    method: 'GET', url: '/api/v1/survey/open', action: S.view, kind: 'api', summary: 'The survey rounds waiting for your answers',
    handler: async (req) => ({ rounds: await surveysOpenFor(db, requireActor(req.actor).personId, now()) }),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/circles/:id/survey/rounds', action: S.run, kind: 'api', summary: "Open a survey round on the circle's adopted decision (decisionId)", body: z.object({ decisionId: z.string() }),
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, openRound, { ...jsonBody(req), circleId: idParam(req) })),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/survey/rounds/:id/answers', action: S.answer, kind: 'api', summary: 'Answer a survey round, once (each statement of your group: a score 1 to 5, an optional comment)', body: answersBody,
    handler: async (req, reply) => {
      const { round } = await visibleRound(db, req, now());
      const parsed = answersBody.safeParse(jsonBody(req));
      if (!parsed.success) throw new Invalid({ answers: 'Send answers as a list of {statementId, score, comment}' });
      const flat: Record<string, unknown> = { about: parsed.data.about, roundId: round.id };
      for (const a of parsed.data.answers) {
        flat[`s-${a.statementId}`] = a.score;
        if (a.comment) flat[`c-${a.statementId}`] = a.comment;
      }
      await run(deps, req.actor, answerRound, flat);
      return reply.status(201).send({ answered: true });
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/survey/rounds/:id/close', action: S.run, kind: 'api', summary: 'Close a survey round now', body: z.object({}),
    handler: async (req) => {
      const { round } = await visibleRound(db, req, now());
      await run(deps, req.actor, closeRound, { roundId: round.id });
      return { closed: true };
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/survey/rounds/:id/results', action: S.view, kind: 'api', summary: 'A closed round’s results (groups of five or more only), with the change since the last round',
    handler: async (req) => {
      const { round, results } = await resultsFor(db, req, now());
      return { round: { id: round.id, title: round.title, state: round.state }, results };
    },
  });
}
