import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { and, asc, eq } from 'drizzle-orm';
import { defineAction, requireActor } from '../../../platform/authz.ts';
import { type Command, run } from '../../../platform/context.ts';
import { Invalid, NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { formPage } from '../../../web/form-page.tsx';
import { t } from '../../../web/i18n.ts';
import { csrfFor, sendPage } from '../../../web/render.tsx';
import { addRoute, formBody } from '../../../web/routing.ts';
import type { FormState } from '../../../web/views/forms.tsx';
import { entryAccess, getLogbookEntry } from '../../circles/logbook-queries.ts';
import { people } from '../../people/schema.ts';
import { answerAppeal, answerInput, appealInput, decideAppeal, decideInput, openAppeal, signAppeal, signInput } from './commands.ts';
import { decidersNow } from './panel.ts';
import { appealAnswers, appealSigners, appeals } from './schema.ts';
import { AppealView, OpenAppealView } from './views.tsx';

const appealAction = defineAction('decisions.appeal', { audience: 'signed-in', description: 'Open, sign or decide an appeal (policy inside the commands)' });

export function registerAppealRoutes(app: FastifyInstance): void {
  const { database } = app.deps;
  const db = database.db;

  /** The appeal and its decision, if the asker may read the decision (the circles' policy, entryAccess). */
  const visible = async (req: FastifyRequest) => {
    const actor = requireActor(req.actor);
    const { id } = req.params as { id: string };
    const now = app.deps.clock.now();
    const [appeal] = isUuid(id) ? await db.select().from(appeals).where(eq(appeals.id, id)) : [];
    const e = appeal ? await getLogbookEntry(db, appeal.logbookEntryId, now) : null;
    if (!appeal || !e || !(await entryAccess(db, actor, e, now)).readable) throw new NotFound(t('That appeal was not found.'));
    const signers = await db
      .select({ name: people.name, personId: appealSigners.personId, reason: appealSigners.reason })
      .from(appealSigners)
      .innerJoin(people, eq(people.id, appealSigners.personId))
      .where(eq(appealSigners.appealId, appeal.id))
      .orderBy(asc(appealSigners.createdAt));
    const stage = appeal.state === 'circle_review' || appeal.state === 'panel_review' ? appeal.state : null;
    const answers = stage
      ? await db
          .select({ name: people.name, personId: appealAnswers.personId, answer: appealAnswers.answer, reason: appealAnswers.reason })
          .from(appealAnswers)
          .innerJoin(people, eq(people.id, appealAnswers.personId))
          .where(and(eq(appealAnswers.appealId, appeal.id), eq(appealAnswers.stage, stage)))
          .orderBy(asc(appealAnswers.at))
      : [];
    const deciders = stage ? await decidersNow(db, now, appeal, e.entry) : [];
    return { appeal, e, signers, answers, deciders, actor };
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
      const { appeal, signers, answers, deciders } = await visible(req);
      return { appeal, signers, answers, deciders };
    },
  });

  // decide: put an outcome to the circle or the panel; answer: consent or object to it.
  const steps: [string, typeof signInput | typeof decideInput | typeof answerInput, Command<Record<string, unknown> & { appealId: string }, unknown>][] = [
    ['sign', signInput, signAppeal],
    ['decide', decideInput, decideAppeal],
    ['answer', answerInput, answerAppeal],
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
      const { id } = req.params as { id: string };
      const e = isUuid(id) ? await getLogbookEntry(db, id) : null;
      // A team's logbook and confidential items are not shown, not even by title, to those who may not read them.
      if (!e || !(await entryAccess(db, requireActor(req.actor), e, app.deps.clock.now())).readable) throw new NotFound(t('That decision was not found.'));
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
