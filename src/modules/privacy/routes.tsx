import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireActor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute, formBody, idParam, jsonBody } from '../../web/routing.ts';
import { addNavLink } from '../../web/views/places.ts';
import { A } from './actions.ts';
import './build.ts';
import { exportArchive, exportableFor, getExport, listExports, requestExport, requestInput } from './commands.ts';
import { registerRetention } from './retention.ts';
import { ExportPage } from './views.tsx';

addNavLink({ place: 'me', href: '/me/export', label: 'Download your data', hint: 'Everything the co-op holds about you, in one archive to read, print or keep.', within: ['/me/export'] });

const sendArchive = (reply: FastifyReply, file: { archive: Buffer; fileName: string }) =>
  reply.header('content-type', 'application/zip').header('content-disposition', `attachment; filename="${file.fileName}"`).header('cache-control', 'no-store').send(file.archive);

/** The subject-access export: a page under the account, and the same through the JSON API. */
export function registerPrivacy(app: FastifyInstance): void {
  registerRetention();
  const deps = app.deps;
  const db = deps.database.db;
  const now = () => deps.clock.now();

  addRoute(app, {
    method: 'GET', url: '/me/export', action: A.exportData, kind: 'page', summary: 'Download your data: ask for an export and follow it',
    handler: async (req, reply) => {
      const actor = requireActor(req.actor);
      const csrf = csrfFor(reply);
      const [owners, exports] = [await exportableFor(db, actor), await listExports(db, actor, now())];
      return sendPage(req, reply, { title: t('Download your data'), csrf, body: <ExportPage owners={owners} exports={exports} csrf={csrf} /> });
    },
  });
  addRoute(app, {
    method: 'POST', url: '/me/export', action: A.exportData, kind: 'page', summary: 'Ask for an export of your data (or of the owner you are advocate for)', body: requestInput,
    handler: async (req, reply) => {
      await run(deps, req.actor, requestExport, formBody(req));
      return reply.redirect('/me/export', 303);
    },
  });
  addRoute(app, {
    method: 'GET', url: '/me/export/:id/archive', action: A.exportData, kind: 'page', summary: 'Download a ready export (zip)',
    handler: async (req, reply) => sendArchive(reply, await exportArchive(db, requireActor(req.actor), idParam(req), now())),
  });

  addRoute(app, {
    method: 'POST', url: '/api/v1/me/exports', action: A.exportData, kind: 'api', summary: 'Ask for an export of everything the co-op holds about you (subjectId: the owner you are advocate for); built in the background', body: requestInput,
    handler: async (req, reply) => {
      const { exportId, created } = await run(deps, req.actor, requestExport, jsonBody(req));
      return reply.status(created ? 202 : 200).send({ export: await getExport(db, requireActor(req.actor), exportId, now()) });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/me/exports', action: A.exportData, kind: 'api', summary: 'Your exports, newest first, with their progress',
    handler: async (req) => ({ exports: await listExports(db, requireActor(req.actor), now()) }),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/me/exports/:id', action: A.exportData, kind: 'api', summary: 'One export: its state and progress (done of total parts)',
    handler: async (req) => ({ export: await getExport(db, requireActor(req.actor), idParam(req), now()) }),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/me/exports/:id/archive', action: A.exportData, kind: 'api', summary: 'The archive of a ready export (application/zip: report.html and data.json)',
    handler: async (req, reply) => sendArchive(reply, await exportArchive(db, requireActor(req.actor), idParam(req), now())),
  });
}
