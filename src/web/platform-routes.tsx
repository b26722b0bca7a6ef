import type { FastifyInstance } from 'fastify';
import { desc, lt } from 'drizzle-orm';
import { defineAction, requireActor } from '../platform/authz.ts';
import { listNotifications, markAllRead } from '../platform/notify.ts';
import { ActionButton } from './views/forms.tsx';
import { csrfFor } from './render.tsx';
import { outbox } from '../platform/schema.ts';
import { formatDateTime } from './format.ts';
import { t } from './i18n.ts';
import { openApiDocument } from './openapi.ts';
import { sendPage } from './render.tsx';
import { addRoute, routeTable } from './routing.ts';
import { registerPlaceRoutes } from './places-routes.tsx';

const readOutbox = defineAction('platform.outbox.read', { audience: 'admin', description: 'Read outgoing mail' });
const readNotifications = defineAction('platform.notifications', { audience: 'signed-in', description: 'Your notifications' });
const readApiDoc = defineAction('platform.openapi', { audience: 'public', description: 'Read the API description' });

/** Platform pages: the places of the navigation, outgoing mail for admins, notifications, the OpenAPI document. */
export function registerPlatformRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  registerPlaceRoutes(app);
  const page = async (before: string | undefined) => {
    const cursor = before && !Number.isNaN(Date.parse(before)) ? new Date(before) : undefined;
    return db
      .select()
      .from(outbox)
      .where(cursor ? lt(outbox.createdAt, cursor) : undefined)
      .orderBy(desc(outbox.createdAt))
      .limit(50);
  };

  addRoute(app, {
    method: 'GET', url: '/admin/outbox', action: readOutbox, kind: 'page', summary: 'Outgoing mail',
    handler: async (req, reply) => {
      const mails = await page((req.query as { before?: string }).before);
      const last = mails.at(-1);
      return sendPage(req, reply, {
        title: t('Outgoing mail'),
        body: (
          <>
            <h1>{t('Outgoing mail')}</h1>
            <p>
              {app.config.smtpUrl
                ? t('Mail is sent through the configured SMTP server. Unsent mail is retried.')
                : t('No SMTP server is configured (SMTP_URL), so mail is kept here instead of being sent.')}
            </p>
            {mails.length === 0 ? <p>{t('No mail yet.')}</p> : null}
            {mails.map((m) => (
              <article key={m.id}>
                <header>
                  <h2>{m.subject}</h2>
                  <p>
                    {t('To')}: {m.toAddress} · {formatDateTime(m.createdAt, app.config.timeZone)} ·{' '}
                    {m.sentAt ? t('Sent') : t('Not sent')}
                  </p>
                </header>
                <pre class="mail-body">{m.body}</pre>
              </article>
            ))}
            {mails.length === 50 && last ? (
              <p>
                <a href={`/admin/outbox?before=${encodeURIComponent(last.createdAt.toISOString())}`}>{t('Older mail')}</a>
              </p>
            ) : null}
          </>
        ),
      });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/admin/outbox', action: readOutbox, kind: 'api', summary: 'Outgoing mail, newest first',
    handler: async (req) => ({ mail: await page((req.query as { before?: string }).before) }),
  });
  addRoute(app, {
    method: 'GET', url: '/me/notifications', action: readNotifications, kind: 'page', summary: 'What needs your response',
    handler: async (req, reply) => {
      const actor = requireActor(req.actor);
      const items = await listNotifications(db, actor.personId);
      const csrf = csrfFor(reply);
      return sendPage(req, reply, {
        title: t('Notifications'),
        csrf,
        body: (
          <>
            <h1>{t('Notifications')}</h1>
            {items.length === 0 ? <p>{t('Nothing needs your response.')}</p> : null}
            <ul class="plain-list">
              {items.map((n) => (
                <li key={n.id}>
                  {n.readAt ? null : <strong>{t('New')}: </strong>}
                  <a href={n.href}>{n.text}</a> · {formatDateTime(n.createdAt, app.config.timeZone)}
                </li>
              ))}
            </ul>
            {items.some((n) => !n.readAt) ? <ActionButton action="/me/notifications/read" csrf={csrf} label={t('Mark all as read')} secondary /> : null}
          </>
        ),
      });
    },
  });
  addRoute(app, {
    method: 'POST', url: '/me/notifications/read', action: readNotifications, kind: 'page', summary: 'Mark all notifications read',
    handler: async (req, reply) => {
      const actor = requireActor(req.actor);
      await app.deps.database.db.transaction((tx) => markAllRead(tx, actor.personId, app.deps.clock.now()));
      return reply.redirect('/me/notifications', 303);
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/me/notifications', action: readNotifications, kind: 'api', summary: 'Your notifications, newest first',
    handler: async (req) => ({ notifications: await listNotifications(db, requireActor(req.actor).personId) }),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/openapi.json', action: readApiDoc, kind: 'api', summary: 'This API description',
    handler: async () => openApiDocument(routeTable(app)),
  });
}
