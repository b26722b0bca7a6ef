import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asc, eq } from 'drizzle-orm';
import { defineAction, requireActor } from '../../../platform/authz.ts';
import { type Command, run } from '../../../platform/context.ts';
import { Invalid, NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { formPage } from '../../../web/form-page.tsx';
import { t } from '../../../web/i18n.ts';
import { csrfFor, sendPage } from '../../../web/render.tsx';
import { addRoute, formBody } from '../../../web/routing.ts';
import type { FormState } from '../../../web/views/forms.tsx';
import { getLogbookEntry } from '../../circles/logbook-queries.ts';
import { circlesOf } from '../../circles/queries.ts';
import { people } from '../../people/schema.ts';
import { appealInput, decideAppeal, decideInput, openAppeal, signAppeal, signInput } from './commands.ts';
import { appealSigners, appeals } from './schema.ts';
import { AppealView, OpenAppealView } from './views.tsx';

const appealAction = defineAction('decisions.appeal', { audience: 'signed-in', description: 'Open, sign or decide an appeal (policy inside the commands)' });

export function registerAppealRoutes(app: FastifyInstance): void {
  const { database } = app.deps;
  const db = database.db;

  /** The appeal and its decision, if the asker may see the decision. */
  const visible = async (req: FastifyRequest) => {
    const actor = requireActor(req.actor);
    const { id } = req.params as { id: string };
    const [appeal] = isUuid(id) ? await db.select().from(appeals).where(eq(appeals.id, id)) : [];
    const e = appeal ? await getLogbookEntry(db, appeal.logbookEntryId) : null;
    if (!appeal || !e) throw new NotFound(t('That appeal was not found.'));
    const mine = (await circlesOf(db, actor.personId)).map((c) => c.id);
    if ((e.circleKind === 'team' || e.entry.confidential) && !mine.includes(e.entry.circleId)) throw new NotFound(t('That appeal was not found.'));
    const signers = await db
      .select({ name: people.name, personId: appealSigners.personId, reason: appealSigners.reason })
      .from(appealSigners)
      .innerJoin(people, eq(people.id, appealSigners.personId))
      .where(eq(appealSigners.appealId, appeal.id))
      .orderBy(asc(appealSigners.createdAt));
    return { appeal, e, signers, actor };
  };
  const show = async (req: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) => {
    const v = await visible(req);
    return sendPage(req, reply, { title: t('Appeal'), status, csrf: state.csrf, body: <AppealView {...v} state={state} /> });
  };

  addRoute(app, {
    method: 'GET', url: '/appeals/:id', action: appealAction, kind: 'page', summary: 'An appeal against a decision',
    handler: async (req, reply) => show(req, reply, { values: {}, errors: {}, csrf: csrfFor(reply) }),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/appeals/:id', action: appealAction, kind: 'api', summary: 'An appeal with its signers',
    handler: async (req) => {
      const { appeal, signers } = await visible(req);
      return { appeal, signers };
    },
  });

  const steps: [string, typeof signInput | typeof decideInput, Command<Record<string, unknown> & { appealId: string }, unknown>][] = [
    ['sign', signInput, signAppeal],
    ['decide', decideInput, decideAppeal],
  ];
  for (const [name, body, command] of steps) {
    addRoute(app, {
      method: 'POST', url: `/appeals/:id/${name}`, action: appealAction, kind: 'page', summary: `Appeal: ${name}`, body,
      handler: async (req, reply) => {
        const { id } = req.params as { id: string };
        const values = formBody(req);
        await visible(req);
        try {
          await run(app.deps, req.actor, command, { ...values, appealId: id });
        } catch (error) {
          if (!(error instanceof Invalid)) throw error;
          return show(req, reply, { values, errors: error.fields, csrf: csrfFor(reply) }, 422);
        }
        return reply.redirect(`/appeals/${id}`, 303);
      },
    });
    addRoute(app, {
      method: 'POST', url: `/api/v1/appeals/:id/${name}`, action: appealAction, kind: 'api', summary: `Appeal: ${name}`, body,
      handler: async (req) => {
        const { id } = req.params as { id: string };
        await visible(req);
        return run(app.deps, req.actor, command, { ...((req.body ?? {}) as Record<string, unknown>), appealId: id });
      },
    });
  }

  formPage(app, {
    url: '/logbook/:id/appeal', action: appealAction, title: t('Appeal a decision'), summary: 'Open an appeal against an adopted decision', body: appealInput,
    view: async (req, state) => {
      const e = await getLogbookEntry(db, (req.params as { id: string }).id).catch(() => null);
      if (!e) throw new NotFound(t('That decision was not found.'));
      return <OpenAppealView state={state} entryId={e.entry.id} title={e.entry.title} />;
    },
    submit: async (req, reply, values) => {
      const { appealId } = await run(app.deps, req.actor, openAppeal, { ...values, logbookEntryId: (req.params as { id: string }).id });
      return reply.redirect(`/appeals/${appealId}`, 303);
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/logbook/:id/appeals', action: appealAction, kind: 'api', summary: 'Open an appeal against an adopted decision', body: appealInput,
    handler: async (req, reply) =>
      reply.status(201).send(await run(app.deps, req.actor, openAppeal, { ...((req.body ?? {}) as Record<string, unknown>), logbookEntryId: (req.params as { id: string }).id })),
  });
}
