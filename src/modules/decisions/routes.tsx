import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { visibleProposal } from './visible.ts';
import { requireActor } from '../../platform/authz.ts';
import { type Command, run } from '../../platform/context.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { formPage } from '../../web/form-page.tsx';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute, formBody } from '../../web/routing.ts';
import type { FormState } from '../../web/views/forms.tsx';
import { canSeeCircle } from '../circles/policy.ts';
import { circleMembership, getCircle } from '../circles/queries.ts';
import { A } from './actions.ts';
import { advanceProposal } from './commands/advance-proposal.ts';
import { amendProposal } from './commands/amend-proposal.ts';
import { closeRound } from './commands/close-round.ts';
import { addReaction, answerQuestion, askQuestion } from './commands/discussion.ts';
import { draftProposal } from './commands/draft-proposal.ts';
import { disputeResponse, recordResponse, withdrawObjection } from './commands/record-response.ts';
import { openMeetingsOf } from '../circles/meetings/on-the-record.ts';
import { referProposal } from './commands/refer-proposal.ts';
import { startConsentRound } from './commands/start-consent-round.ts';
import { standingIn } from './load.ts';
import { canTake } from './machine.ts';
import { kindInput } from './mandates/kinds.ts';
import { mandateView } from './mandates/queries.ts';
import { registerMandateRoutes } from './mandates/routes.tsx';
import { MandateSection } from './mandates/views.tsx';
import { canSteer } from './policy.ts';
import { openProposals, proposalDetail } from './queries.ts';
import { stepInput, amendInput, answerInput, consentRoundInput, draftInput, questionInput, reactionInput, responseInput } from './validation.ts';
import { AmendView, NewProposalView } from './views/forms.tsx';
import { ProposalView } from './views/proposal.tsx';
import './jobs.ts';

export function registerProposalRoutes(app: FastifyInstance): void {
  registerMandateRoutes(app);
  const deps = app.deps;
  const db = deps.database.db;

  /** The proposal, if the asker may see its circle; otherwise "not found". */
  const visible = (req: FastifyRequest) => visibleProposal(db, req, deps.clock.now());

  const showProposal = async (req: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) => {
    const { d, circle, members, actor } = await visible(req);
    const steer = canSteer(actor, d.proposal, await standingIn(db, circle.id, actor, deps.clock.now(), members));
    const p = d.proposal;
    const effects = await mandateView(db, { proposalId: p.id, version: p.version });
    const change = steer && canTake('amend', p.state) ? { base: `/proposals/${p.id}`, needsReason: p.state !== 'draft' } : undefined;
    const mandate = <MandateSection effects={effects} csrf={state.csrf} adopted={p.state === 'adopted'} {...(change ? { change } : {})} />;
    return sendPage(req, reply, {
      title: d.current?.title ?? t('Proposal'),
      status,
      csrf: state.csrf,
      body: <ProposalView d={d} actor={actor} circleName={circle.name} members={members} canSteer={steer} state={state} tz={app.config.timeZone} mandate={mandate} openMeetings={steer ? await openMeetingsOf(db, circle.id, app.config.timeZone) : []} />,
    });
  };

  addRoute(app, {
    method: 'GET', url: '/proposals/:id', action: A.view, kind: 'page', summary: 'A proposal, its rounds and history',
    handler: async (req, reply) => showProposal(req, reply, { values: {}, errors: {}, csrf: csrfFor(reply) }),
  });

  // Each form on the proposal page posts to its own URL; a refusal shows the page again with
  // the message. The same commands are API operations at /api/v1/proposals/:id/<name>.
  const commands: [string, string, Parameters<typeof addRoute>[1]['body'], Command<Record<string, unknown> & { proposalId: string }, unknown>][] = [
    ['step', A.steer, stepInput, (ctx, i) => advanceProposal(ctx, { proposalId: i.proposalId, step: parseStep(i.step) })],
    ['amend', A.steer, amendInput, amendProposal],
    ['questions', A.takePart, questionInput, askQuestion],
    ['answers', A.steer, answerInput, answerQuestion],
    ['reactions', A.takePart, reactionInput, addReaction],
    ['consent-round', A.steer, consentRoundInput, startConsentRound],
    ['responses', A.takePart, responseInput, recordResponse],
    ['withdraw-objection', A.takePart, undefined, (ctx, i) => withdrawObjection(ctx, i)],
    ['dispute-response', A.takePart, undefined, (ctx, i) => disputeResponse(ctx, i)],
    ['close-round', A.steer, undefined, (ctx, i) => closeRound(ctx, { proposalId: i.proposalId })],
    ['refer', A.steer, undefined, (ctx, i) => referProposal(ctx, i)],
  ];
  for (const [name, action, body, command] of commands) {
    if (name !== 'amend') {
      addRoute(app, {
        method: 'POST', url: `/proposals/:id/${name}`, action, kind: 'page', summary: `Proposal: ${name}`, body,
        handler: async (req, reply) => {
          const values = formBody(req);
          const { id } = req.params as { id: string };
          await visible(req);
          try {
            await run(deps, req.actor, command, { ...values, proposalId: id });
          } catch (error) {
            if (!(error instanceof Invalid)) throw error;
            return showProposal(req, reply, { values, errors: error.fields, csrf: csrfFor(reply) }, 422);
          }
          return reply.redirect(`/proposals/${id}`, 303);
        },
      });
    }
    addRoute(app, {
      method: 'POST', url: `/api/v1/proposals/:id/${name}`, action, kind: 'api', summary: `Proposal: ${name}`, body,
      handler: async (req) => {
        const { id } = req.params as { id: string };
        await visible(req);
        const result = await run(deps, req.actor, command, { ...((req.body ?? {}) as Record<string, unknown>), proposalId: id });
        return { result: result ?? null, proposal: (await proposalDetail(db, id))?.proposal };
      },
    });
  }
  addRoute(app, {
    method: 'GET', url: '/api/v1/proposals/:id', action: A.view, kind: 'api', summary: 'A proposal with versions, questions, reactions and answers',
    handler: async (req) => (await visible(req)).d,
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/circles/:id/proposals', action: A.view, kind: 'api', summary: "A circle's open proposals",
    handler: async (req) => {
      const actor = requireActor(req.actor);
      const { id } = req.params as { id: string };
      const circle = isUuid(id) ? await getCircle(db, id) : null;
      const members = circle ? await circleMembership(db, circle.id, deps.clock.now()) : [];
      if (!circle || !canSeeCircle(actor, circle, members.some((m) => m.personId === actor.personId))) throw new NotFound();
      return { proposals: await openProposals(db, [circle.id]) };
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/circles/:id/proposals', action: A.propose, kind: 'api', summary: 'Bring a proposal (a draft)', body: draftInput,
    handler: async (req, reply) => {
      const { id } = req.params as { id: string };
      const result = await run(deps, req.actor, draftProposal, { ...((req.body ?? {}) as Record<string, unknown>), circleId: id });
      return reply.status(201).send(result);
    },
  });

  formPage(app, {
    url: '/proposals/:id/amend', action: A.steer, title: t('Amend the proposal'), summary: 'Amend a proposal (a new version)', body: amendInput,
    initial: async (req) => {
      const { d } = await visible(req);
      return { title: d.current?.title, driver: d.current?.driver, text: d.current?.text, term: d.current?.term ?? '', reviewDate: d.current?.reviewDate };
    },
    view: (req, state) => <AmendView state={state} id={(req.params as { id: string }).id} />,
    submit: async (req, reply, values) => {
      const { id } = req.params as { id: string };
      await visible(req);
      await run(deps, req.actor, amendProposal, { ...values, proposalId: id });
      return reply.redirect(`/proposals/${id}`, 303);
    },
  });

  formPage(app, {
    url: '/circles/:id/proposals/new', action: A.propose, title: t('New proposal'), summary: 'Bring a proposal to a circle', body: draftInput,
    // A link may start the proposal with its title and driver (a survey's results link here).
    initial: (req) => {
      const q = req.query as Record<string, unknown>;
      const given = (key: string, max: number) => (typeof q[key] === 'string' ? { [key]: (q[key] as string).slice(0, max) } : {});
      return { inDomain: 'on', ...given('title', 200), ...given('driver', 2000) };
    },
    view: async (req, state) => {
      const circle = await getCircle(db, (req.params as { id: string }).id).catch(() => null);
      if (!circle) throw new NotFound(t('That circle was not found.'));
      return <NewProposalView state={state} circle={circle} />;
    },
    submit: async (req, reply, values) => {
      const { id } = req.params as { id: string };
      const { proposalId } = await run(deps, req.actor, draftProposal, { ...values, circleId: id });
      // The effect chosen on the form is filled in on the next page, added to the draft.
      const kind = kindInput.safeParse({ kind: values.effectKind });
      return reply.redirect(kind.success ? `/proposals/${proposalId}/effects/new?kind=${kind.data.kind}` : `/proposals/${proposalId}`, 303);
    },
  });
}

export function parseStep(step: unknown): 'present' | 'start-clarifying' | 'start-reactions' | 'withdraw' {
  if (step === 'present' || step === 'start-clarifying' || step === 'start-reactions' || step === 'withdraw') return step;
  throw new Invalid({ step: 'Choose a step: present, start-clarifying, start-reactions or withdraw' });
}
