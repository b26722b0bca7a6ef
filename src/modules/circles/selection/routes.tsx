import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineAction, requireActor } from '../../../platform/authz.ts';
import { type Command, run } from '../../../platform/context.ts';
import { Invalid, NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { formPage } from '../../../web/form-page.tsx';
import { t } from '../../../web/i18n.ts';
import { csrfFor, sendPage } from '../../../web/render.tsx';
import { addRoute, formBody, idParam } from '../../../web/routing.ts';
import type { FormState } from '../../../web/views/forms.tsx';
import { Select, Form } from '../../../web/views/forms.tsx';
import { canSeeCircle } from '../policy.ts';
import { circleHats, circleMembership, getCircle } from '../queries.ts';
import { disputeSelectionResponse } from './commands/dispute.ts';
import { openMeetingsOf } from '../meetings/on-the-record.ts';
import { advanceSelection, closeSelectionRound, nominate, nominateInput, openInput, openSelection, proposeCandidate, proposeInput, respondInput, respondToSelection } from './commands/selection.ts';
import { selectionView } from './queries.ts';
import { SelectionView } from './view.tsx';

const act = defineAction('circles.select', { audience: 'signed-in', description: 'Take part in a selection (policy: circle participants; facilitator steers)' });
const stepInput = z.object({ step: z.enum(['open-nomination-round', 'open-change-round', 'start-consent-round', 'cancel', 'close-round'], { error: 'Choose a step' }) });

export function registerSelectionRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const id = idParam;

  const visible = async (req: FastifyRequest) => {
    const actor = requireActor(req.actor);
    const v = isUuid(id(req)) ? await selectionView(db, id(req), actor.personId) : null;
    if (!v?.circle) throw new NotFound(t('That selection was not found.'));
    const members = await circleMembership(db, v.circle.id, deps.clock.now());
    if (!canSeeCircle(actor, v.circle, members.some((m) => m.personId === actor.personId))) throw new NotFound(t('That selection was not found.'));
    return { v, members, actor };
  };
  const show = async (req: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) => {
    const { v, members, actor } = await visible(req);
    return sendPage(req, reply, { title: t('Selection'), status, csrf: state.csrf, body: <SelectionView v={v} members={members} isFacilitator={actor.personId === v.selection.facilitatorId} viewerId={actor.personId} state={state} openMeetings={actor.personId === v.selection.facilitatorId ? await openMeetingsOf(db, v.selection.circleId, app.config.timeZone) : []} /> });
  };

  addRoute(app, { method: 'GET', url: '/selections/:id', action: act, kind: 'page', summary: 'A selection for a hat', handler: async (req, reply) => show(req, reply, { values: {}, errors: {}, csrf: csrfFor(reply) }) });
  addRoute(app, {
    method: 'GET', url: '/api/v1/selections/:id', action: act, kind: 'api', summary: 'A selection (nominations hidden until the nomination round)',
    handler: async (req) => {
      const { v } = await visible(req);
      return v;
    },
  });

  const commands: [string, z.ZodType, Command<Record<string, unknown> & { selectionId: string }, unknown>][] = [
    ['nominations', nominateInput, nominate],
    ['candidate', proposeInput, proposeCandidate],
    ['responses', respondInput, respondToSelection],
    ['dispute-response', z.object({}), (ctx, i) => disputeSelectionResponse(ctx, i)],
    ['step', stepInput, (ctx, i) => (i.step === 'close-round' ? closeSelectionRound(ctx, i) : advanceSelection(ctx, { selectionId: i.selectionId, step: stepInput.parse(i).step as 'cancel' }))],
  ];
  for (const [name, body, command] of commands) {
    addRoute(app, {
      method: 'POST', url: `/selections/:id/${name}`, action: act, kind: 'page', summary: `Selection: ${name}`, body,
      handler: async (req, reply) => {
        const values = formBody(req);
        await visible(req);
        try {
          await run(deps, req.actor, command, { ...values, selectionId: id(req) });
        } catch (error) {
          if (!(error instanceof Invalid)) throw error;
          return show(req, reply, { values, errors: error.fields, csrf: csrfFor(reply) }, 422);
        }
        return reply.redirect(`/selections/${id(req)}`, 303);
      },
    });
    addRoute(app, {
      method: 'POST', url: `/api/v1/selections/:id/${name}`, action: act, kind: 'api', summary: `Selection: ${name}`, body,
      handler: async (req) => {
        await visible(req);
        return { result: (await run(deps, req.actor, command, { ...((req.body ?? {}) as Record<string, unknown>), selectionId: id(req) })) ?? null };
      },
    });
  }

  formPage(app, {
    url: '/circles/:id/selections/new', action: act, title: t('Start a selection'), summary: 'Start a selection for one of the circle\'s hats', body: openInput,
    view: async (req, state) => {
      const circle = await getCircle(db, id(req));
      if (!circle) throw new NotFound(t('That circle was not found.'));
      const hats = await circleHats(db, circle.id, deps.clock.now());
      return (
        <>
          <h1>{t('Start a selection in {circle}', { circle: circle.name })}</h1>
          <p>{t("Nominations are silent and written. A Leader is chosen by the parent circle; every other hat by this circle.")}</p>
          <Form action={`/circles/${circle.id}/selections/new`} state={state} submit={t('Open nominations')}>
            <Select name="hatId" label={t('Hat')} state={state} options={hats.map((h) => ({ value: h.id, label: h.name }))} />
          </Form>
        </>
      );
    },
    submit: async (req, reply, values) => {
      const { selectionId } = await run(deps, req.actor, openSelection, values);
      return reply.redirect(`/selections/${selectionId}`, 303);
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/selections', action: act, kind: 'api', summary: 'Open a selection for a hat', body: openInput,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, openSelection, (req.body ?? {}) as Record<string, unknown>)),
  });
}
