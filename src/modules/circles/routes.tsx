import type { FastifyInstance, FastifyRequest } from 'fastify';
import { defineAction, requireActor } from '../../platform/authz.ts';
import { NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { t } from '../../web/i18n.ts';
import { sendPage } from '../../web/render.tsx';
import { addRoute } from '../../web/routing.ts';
import { addNavLink } from '../../web/views/places.ts';
import { registerHatSource } from '../people/hats.ts';
import { canActForCircle, canSeeCircle } from './policy.ts';
import { circleStanding } from './facts.ts';
import { circleMembersPage, hatsInCircles } from './queries.ts';
import { childrenPage, circleChoices, circleLevel, circleTrail, pageFrom } from './map-queries.ts';
import { CHOICES_SHOWN } from '../../web/views/chooser.tsx';
import { pageHref } from '../../web/views/pager.tsx';
import { openProposals } from '../decisions/queries.ts';
import { dueForReview } from './logbook-queries.ts';
import { upcomingMeeting } from './meetings/routes.tsx';
import { CircleView } from './views/circle-pages.tsx';
import { CircleMapView } from './views/circle-map.tsx';

const viewCircles = defineAction('circles.view', { audience: 'signed-in', description: 'See circles (teams only by their people)' });

registerHatSource(hatsInCircles);
addNavLink({ place: 'circles', href: '/circles', label: 'Map of the circles', hint: 'Every circle, its aim and how the circles link.' });

export function registerCircleRoutes(app: FastifyInstance): void {
  const { database, clock } = app.deps;
  const db = database.db;

  /**
   * Load a circle the asker may see, with the asker's standing in it and its hats (one
   * statement); anything else is "not found", so teams are not revealed. Only a team asks
   * whether the asker is in it (every member of the co-op sees the other circles).
   */
  const visibleCircle = async (req: FastifyRequest, now: Date) => {
    const actor = requireActor(req.actor);
    const { id } = req.params as { id: string };
    const standing = isUuid(id) ? await circleStanding(db, id, actor.personId, now) : null;
    if (!standing || !canSeeCircle(actor, standing.circle, !!standing.mine)) throw new NotFound(t('That circle was not found.'));
    return standing;
  };
  const circlePage = async (req: FastifyRequest) => {
    const now = clock.now();
    const { circle, mine, hats } = await visibleCircle(req, now);
    const members = await circleMembersPage(db, circle.id, now, pageFrom(req.query, 'members_'));
    const trail = await circleTrail(db, circle.id);
    const parent = trail.at(-2);
    const children = await childrenPage(db, circle.id, pageFrom(req.query, 'within_'));
    return {
      circle,
      // The add-member and define-hat forms refuse everyone else, so only they are offered them.
      mayShape: canActForCircle(req.actor, mine?.participation),
      parentName: parent?.name ?? null,
      members: members.rows,
      membersTotal: members.total,
      membersNext: members.next,
      membersPrev: members.prev,
      hats,
      children: children.rows,
      childrenNext: children.next,
      childrenPrev: children.prev,
      proposals: await openProposals(db, [circle.id]),
      due: await dueForReview(db, now, { circleId: circle.id }, { withinDays: 30 }),
      meeting: await upcomingMeeting(db, circle.id, now),
    };
  };
  /** One level of the map: the top, or the circles directly within a circle (not a team: a team has none on the map). */
  const mapLevel = async (req: FastifyRequest) => {
    const { in: within } = req.query as { in?: unknown };
    const trail = isUuid(within) ? await circleTrail(db, within) : [];
    if (within !== undefined && (trail.length === 0 || trail.at(-1)?.kind !== 'circle')) throw new NotFound(t('That circle was not found.'));
    const level = await circleLevel(db, trail.at(-1)?.id ?? null, clock.now(), pageFrom(req.query));
    return { trail, level };
  };

  addRoute(app, {
    method: 'GET', url: '/circles', action: viewCircles, kind: 'page', summary: 'The circle map, one level at a time',
    handler: async (req, reply) => {
      const { trail, level } = await mapLevel(req);
      const query = req.query as Record<string, unknown>;
      const href = (cursor: { after: string } | { before: string } | null) => (cursor ? pageHref('/circles', query, cursor, '#level') : null);
      const body = <CircleMapView trail={trail} level={level} prevHref={href(level.prev ? { before: level.prev } : null)} nextHref={href(level.next ? { after: level.next } : null)} />;
      return sendPage(req, reply, { title: trail.at(-1) ? t('Circle map: {name}', { name: trail.at(-1)?.name ?? '' }) : t('Circle map'), body });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/circles/:id', action: viewCircles, kind: 'page', summary: 'A circle: aim, domain, members, hats',
    handler: async (req, reply) => {
      const data = await circlePage(req);
      return sendPage(req, reply, { title: data.circle.name, body: <CircleView {...data} /> });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/circles', action: viewCircles, kind: 'api', summary: 'One level of the circle map (?in=, ?after=, ?before=): the circles directly within, with counts and links',
    handler: async (req) => {
      const { trail, level } = await mapLevel(req);
      return { trail, circles: level.rows, next: level.next, prev: level.prev };
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/circles/choices', action: viewCircles, kind: 'api',
    summary: 'Circles (not teams) whose name holds ?who=, or the asker’s own circles; at most 25 (the choosers of forms)',
    handler: async (req) => {
      const { who } = req.query as { who?: unknown };
      return circleChoices(db, requireActor(req.actor).personId, { search: typeof who === 'string' ? who.slice(0, 100) : '', limit: CHOICES_SHOWN });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/circles/:id', action: viewCircles, kind: 'api', summary: 'A circle with its members and hats',
    handler: async (req) => circlePage(req),
  });
}
