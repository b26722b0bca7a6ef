import type { FastifyInstance, FastifyRequest } from 'fastify';
import { visibleProposal } from '../visible.ts';
import { z } from 'zod';
import { run } from '../../../platform/context.ts';
import { NotAllowed } from '../../../platform/errors.ts';
import { formPage } from '../../../web/form-page.tsx';
import { t } from '../../../web/i18n.ts';
import { addRoute, jsonBody } from '../../../web/routing.ts';
import { Field, Form } from '../../../web/views/forms.tsx';
import { peopleInCircles } from '../../circles/queries.ts';
import { circles } from '../../circles/schema.ts';
import { A } from '../actions.ts';
import { standingIn } from '../load.ts';
import { canTake } from '../machine.ts';
import { canSteer } from '../policy.ts';
import { addEffect, removeEffect } from './commands.ts';
import { kindInput } from './kinds.ts';
import { effectFormChoices, mandateView } from './queries.ts';
import type { EffectKind } from './schema.ts';
import { EffectForm } from './views.tsx';
import { eq, inArray } from 'drizzle-orm';
import { isUuid } from '../../../platform/ids.ts';
import { CHOICES_SHOWN } from '../../../web/views/chooser.tsx';
import { people } from '../../people/schema.ts';

const addBody = kindInput.extend({ reason: z.string().optional() });
/** The kinds of effect that name people, whose form offers the search. */
const kindsWithPeople = new Set<EffectKind>(['allow_pool_payments']);
/** The search typed into the people chooser (`?who=`), cut to a sane length. */
const whoOf = (req: FastifyRequest): string => {
  const who = (req.query as Record<string, unknown> | undefined)?.who;
  return typeof who === 'string' ? who.slice(0, 100) : '';
};
/** The people a form sent back already names. */
const chosenIn = (values: Record<string, unknown>): string[] => ['payerIds', 'recipientIds'].flatMap((k) => {
  const v = values[k];
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : [];
});
const removeBody = z.object({ reason: z.string().optional() });

/** Adding and removing a proposal's effects (pages and API), and reading a mandate (API). */
export function registerMandateRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;

  /** The proposal, if the asker may see its circle (otherwise "not found"), and whether they steer it. */
  const proposalFor = async (req: FastifyRequest) => {
    const { d, circle, members, actor } = await visibleProposal(db, req, deps.clock.now());
    const steers = canSteer(actor, d.proposal, await standingIn(db, circle.id, actor, deps.clock.now(), members));
    return { d, circle, steers, base: `/proposals/${d.proposal.id}` };
  };
  const toChange = async (req: FastifyRequest) => {
    const found = await proposalFor(req);
    if (!found.steers) throw new NotAllowed(t('Only the author or the facilitator can change what this proposal authorises.'));
    return found;
  };
  const kindOf = (raw: unknown): EffectKind | null => {
    const parsed = kindInput.safeParse({ kind: raw });
    return parsed.success ? parsed.data.kind : null;
  };

  /**
   * The people an effect may name (its payers, its recipients): those of the circle and the
   * circles directly within it whose name holds the search, at most CHOICES_SHOWN, and the ones
   * already chosen (so a form sent back with an error keeps them), never a list of hundreds.
   */
  const peopleToName = async (circleId: string, who: string, chosen: string[]) => {
    const now = deps.clock.now();
    const below = (await db.select({ id: circles.id }).from(circles).where(eq(circles.parentId, circleId)).limit(50)).map((c) => c.id);
    const rows = await peopleInCircles(db, [circleId, ...below], now, { limit: CHOICES_SHOWN + 1, search: who });
    const more = rows.length > CHOICES_SHOWN;
    const shown = rows.slice(0, CHOICES_SHOWN);
    const missing = chosen.filter((id) => isUuid(id) && !shown.some((p) => p.personId === id));
    const kept = missing.length ? await db.select({ personId: people.id, name: people.name }).from(people).where(inArray(people.id, missing)) : [];
    return { choices: [...kept, ...shown].map((p) => ({ value: p.personId, label: p.name })), more };
  };

  addRoute(app, {
    method: 'GET', url: '/api/v1/proposals/:id/effects/people', action: A.steer, kind: 'api',
    summary: 'People an effect of this proposal may name whose name holds ?who= (the circle and the circles within it); at most 25, for the author or facilitator',
    handler: async (req) => {
      const { circle } = await toChange(req);
      return peopleToName(circle.id, whoOf(req), []);
    },
  });

  formPage(app, {
    url: '/proposals/:id/effects/new', action: A.steer, title: t('Add an effect'), summary: 'Add an effect to what a proposal authorises', body: addBody,
    view: async (req, state) => {
      const { d, circle, base } = await toChange(req);
      const kind = kindOf(state.values.kind ?? (req.query as Record<string, unknown>).kind);
      const choices = await effectFormChoices(db, circle.id);
      const who = whoOf(req);
      const found = kind && kindsWithPeople.has(kind) ? await peopleToName(circle.id, who, chosenIn(state.values)) : { choices: [], more: false };
      const finder = { action: `${base}/effects/new`, source: `/api/v1${base}/effects/people`, target: 'recipientIds payerIds', label: t('Find a person by name'), value: who, found: found.choices.length, more: found.more, keep: { kind: kind ?? '' } };
      return (
        <>
          <p><a href={base}>{d.current?.title}</a> · {circle.name}</p>
          <h1>{t('Add an effect')}</h1>
          <p>{t('An effect says what the decision authorises. Effects that change things are made when it is adopted; an allowance of payments is used up against its limits.')}</p>
          <EffectForm base={base} kind={kind} state={state} needsReason={d.proposal.state !== 'draft'} choices={{ ...choices, people: found.choices }} finder={finder} />
        </>
      );
    },
    submit: async (req, reply, values) => {
      const { base, d } = await toChange(req);
      await run(deps, req.actor, addEffect, { ...values, proposalId: d.proposal.id });
      return reply.redirect(`${base}#mandate-h`, 303);
    },
  });

  formPage(app, {
    url: '/proposals/:id/effects/:effectId/remove', action: A.steer, title: t('Remove an effect'), summary: 'Remove an effect from a proposal', body: removeBody,
    view: async (req, state) => {
      const { d, base } = await toChange(req);
      const { effectId } = req.params as { effectId: string };
      return (
        <>
          <h1>{t('Remove an effect from “{title}”', { title: d.current?.title ?? '' })}</h1>
          <Form action={`${base}/effects/${effectId}/remove`} state={state} submit={t('Remove the effect')}>
            {d.proposal.state !== 'draft' ? <Field name="reason" label={t('Why this amendment?')} type="textarea" state={state} /> : <p>{t('The draft will no longer authorise this.')}</p>}
          </Form>
        </>
      );
    },
    submit: async (req, reply, values) => {
      const { base, d } = await toChange(req);
      const { effectId } = req.params as { effectId: string };
      await run(deps, req.actor, removeEffect, { ...values, proposalId: d.proposal.id, effectId });
      return reply.redirect(`${base}#mandate-h`, 303);
    },
  });

  addRoute(app, {
    method: 'POST', url: '/api/v1/proposals/:id/effects', action: A.steer, kind: 'api', summary: 'Add an effect to what a proposal authorises', body: addBody,
    handler: async (req, reply) => {
      const { d } = await proposalFor(req);
      const result = await run(deps, req.actor, addEffect, { ...jsonBody(req), proposalId: d.proposal.id });
      return reply.status(201).send({ ...result, effects: await mandateView(db, { proposalId: d.proposal.id, version: result.version }) });
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/proposals/:id/effects/:effectId/remove', action: A.steer, kind: 'api', summary: 'Remove an effect from a proposal', body: removeBody,
    handler: async (req) => {
      const { d } = await proposalFor(req);
      const { effectId } = req.params as { effectId: string };
      const result = await run(deps, req.actor, removeEffect, { ...jsonBody(req), proposalId: d.proposal.id, effectId });
      return { ...result, effects: await mandateView(db, { proposalId: d.proposal.id, version: result.version }) };
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/proposals/:id/mandate', action: A.view, kind: 'api', summary: 'What a proposal authorises (its current version), and how each effect stands',
    handler: async (req) => {
      const { d, steers } = await proposalFor(req);
      return { version: d.proposal.version, canChange: steers && canTake('amend', d.proposal.state), effects: await mandateView(db, { proposalId: d.proposal.id, version: d.proposal.version }) };
    },
  });
}
