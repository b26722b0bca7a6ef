import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/authz.ts';
import { NotFound } from '../../platform/errors.ts';
import { t } from '../../web/i18n.ts';
import { addRoute } from '../../web/routing.ts';
import type { ChooserSearchProps } from '../../web/views/chooser.tsx';
import { A } from './actions.ts';
import { peopleAround, poolChoices, poolDetail } from './queries.ts';

/** The search typed into a chooser (`?who=`), cut to a sane length. */
export function whoOf(req: FastifyRequest): string {
  const who = (req.query as Record<string, unknown> | undefined)?.who;
  return typeof who === 'string' ? who.slice(0, 100) : '';
}

type Found = { choices: { value: string; label: string }[]; more: boolean };

/** The search form for choosing a person on a credits page (views/chooser.tsx). */
export const peopleFinder = (req: FastifyRequest, action: string, target: string, found: Found, pool?: string): ChooserSearchProps => ({
  action, target, source: `/api/v1/credits/choices/people${pool ? `?pool=${pool}` : ''}`, label: t('Find a person by name'),
  value: whoOf(req), found: found.choices.length, more: found.more,
});

/** The search form for choosing a pool. */
export const poolsFinder = (req: FastifyRequest, action: string, target: string, found: Found): ChooserSearchProps => ({
  action, target, source: '/api/v1/credits/choices/pools', label: t('Find a pool by its name or circle'),
  value: whoOf(req), found: found.choices.length, more: found.more, noun: { one: 'pool', many: 'pools' },
});

/**
 * What the choosers' script asks as the person types: the same bounded searches the pages make
 * without it, so the list offered is the same either way and never the whole co-op.
 */
export function registerChooserRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  addRoute(app, {
    method: 'GET', url: '/api/v1/credits/choices/people', action: A.view, kind: 'api',
    summary: 'People the asker may give or pay credits to whose name holds ?who= (with ?pool=, those of the pool’s circle too); at most 25',
    handler: async (req) => {
      const { pool } = req.query as { pool?: string };
      const detail = pool === undefined ? null : await poolDetail(db, pool);
      if (pool !== undefined && !detail) throw new NotFound(t('That pool was not found.'));
      return peopleAround(db, requireActor(req.actor).personId, deps.clock.now(), { search: whoOf(req), poolCircleId: detail?.account.circleId ?? undefined });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/credits/choices/pools', action: A.view, kind: 'api',
    summary: 'Pools whose name or circle’s name holds ?who=; at most 25',
    handler: async (req) => poolChoices(db, { search: whoOf(req) }),
  });
}
