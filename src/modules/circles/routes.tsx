import type { FastifyInstance, FastifyRequest } from 'fastify';
import { asc, eq } from 'drizzle-orm';
import { defineAction, requireActor } from '../../platform/authz.ts';
import { NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { t } from '../../web/i18n.ts';
import { sendPage } from '../../web/render.tsx';
import { addRoute } from '../../web/routing.ts';
import { addNavLink } from '../../web/views/layout.tsx';
import { registerHatSource } from '../people/hats.ts';
import { canSeeCircle } from './policy.ts';
import { circleHats, circleMap, circleMembersPage, circleMembership, getCircle, hatsInCircles } from './queries.ts';
import { circles } from './schema.ts';
import { openProposals } from '../decisions/queries.ts';
import { dueForReview } from './logbook-queries.ts';
import { upcomingMeeting } from './meetings/routes.tsx';
import { CHILDREN_SHOWN, CircleMapView, CircleView } from './views/circle-pages.tsx';

const viewCircles = defineAction('circles.view', { audience: 'signed-in', description: 'See circles (teams only by their people)' });

registerHatSource(hatsInCircles);
addNavLink({ href: '/circles', label: 'Circles' });

export function registerCircleRoutes(app: FastifyInstance): void {
  const { database, clock } = app.deps;
  const db = database.db;

  /**
   * Load a circle the asker may see; anything else is "not found", so teams are not revealed.
   * Only a team asks who is in it (every member of the co-op sees the other circles).
   */
  const visibleCircle = async (req: FastifyRequest, now: Date) => {
    const actor = requireActor(req.actor);
    const { id } = req.params as { id: string };
    const circle = isUuid(id) ? await getCircle(db, id) : null;
    if (!circle) throw new NotFound(t('That circle was not found.'));
    const member = circle.kind === 'team' && (await circleMembership(db, circle.id, now)).some((m) => m.personId === actor.personId);
    if (!canSeeCircle(actor, circle, member)) throw new NotFound(t('That circle was not found.'));
    return circle;
  };
  const circlePage = async (req: FastifyRequest) => {
    const now = clock.now();
    const circle = await visibleCircle(req, now);
    const after = (req.query as { members?: unknown }).members;
    const members = await circleMembersPage(db, circle.id, now, isUuid(after) ? after : undefined);
    const [parent] = circle.parentId ? await db.select({ name: circles.name }).from(circles).where(eq(circles.id, circle.parentId)) : [];
    return {
      circle,
      parentName: parent?.name ?? null,
      members: members.rows,
      membersTotal: members.total,
      membersNext: members.next,
      hats: await circleHats(db, circle.id, now),
      // A Local Circle has hundreds of teams within it: the page names the first, in name order.
      children: await db.select({ id: circles.id, name: circles.name }).from(circles).where(eq(circles.parentId, circle.id)).orderBy(asc(circles.name)).limit(CHILDREN_SHOWN + 1),
      proposals: await openProposals(db, [circle.id]),
      due: await dueForReview(db, now, { circleId: circle.id, withinDays: 30 }),
      meeting: await upcomingMeeting(db, circle.id, now),
    };
  };

  addRoute(app, {
    method: 'GET', url: '/circles', action: viewCircles, kind: 'page', summary: 'The map of all circles and their links',
    handler: async (req, reply) =>
      sendPage(req, reply, { title: t('Circle map'), body: <CircleMapView rows={await circleMap(db, clock.now())} /> }),
  });
  addRoute(app, {
    method: 'GET', url: '/circles/:id', action: viewCircles, kind: 'page', summary: 'A circle: aim, domain, members, hats',
    handler: async (req, reply) => {
      const data = await circlePage(req);
      return sendPage(req, reply, { title: data.circle.name, body: <CircleView {...data} /> });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/circles', action: viewCircles, kind: 'api', summary: 'All circles with their links',
    handler: async () => ({ circles: await circleMap(db, clock.now()) }),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/circles/:id', action: viewCircles, kind: 'api', summary: 'A circle with its members and hats',
    handler: async (req) => circlePage(req),
  });
}
