import { desc, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { requireActor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import { notifications } from '../../platform/schema.ts';
import { t } from '../../web/i18n.ts';
import { sendPage } from '../../web/render.tsx';
import { addRoute } from '../../web/routing.ts';
import { A } from '../people/actions.ts';
import { readToday } from './queries.ts';
import { TODAY_FRAGMENT_URL, TodayPage, TodaySections } from './view.tsx';

/**
 * Home ("Today"): what needs the signed-in person, their visits, chats and credits. Signed out,
 * the action's audience sends them to sign in. The page works whole without JavaScript; the
 * live script (static/today.js) asks the pulse whether anything new has come for the person and
 * only then fetches the sections again, so the record reads a refresh logs stay few.
 */
export function registerTodayRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const tz = app.config.timeZone;
  const today = (req: FastifyRequest) => run(deps, req.actor, readToday, {});

  addRoute(app, {
    method: 'GET', url: '/', action: A.viewHome, kind: 'page',
    summary: 'Today: what needs you now (each read of care logs or a MAR shown is logged), your visits, unread messages and credits',
    handler: async (req, reply) => sendPage(req, reply, { title: t('Today'), body: <TodayPage v={await today(req)} tz={tz} /> }),
  });

  addRoute(app, {
    method: 'GET', url: TODAY_FRAGMENT_URL, action: A.viewHome, kind: 'page',
    summary: "Today's sections alone, for the home page's live updates (the same reads as home, logged alike)",
    handler: async (req, reply) =>
      reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(renderToString(<TodaySections v={await today(req)} tz={tz} />)),
  });

  addRoute(app, {
    method: 'GET', url: '/today/pulse', action: A.viewHome, kind: 'page',
    summary: 'A mark that changes when something new is sent to you (a notification): the home page refreshes when it does',
    handler: async (req, reply) => {
      const me = requireActor(req.actor).personId;
      // Everything that asks a person to act notifies them (platform/notify.ts): the newest one is the pulse.
      const [last] = await deps.database.db
        .select({ id: notifications.id, at: notifications.createdAt })
        .from(notifications)
        .where(eq(notifications.personId, me))
        .orderBy(desc(notifications.createdAt))
        .limit(1);
      return reply.header('cache-control', 'no-store').send({ mark: last ? `${last.at.toISOString()}_${last.id}` : '' });
    },
  });
}
