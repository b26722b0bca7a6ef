import type { FastifyInstance } from 'fastify';
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { type Ctx, read, run } from '../../../platform/context.ts';
import { localDate } from '../../../platform/zoned-time.ts';
import { formPage } from '../../../web/form-page.tsx';
import { addRoute, idParam } from '../../../web/routing.ts';
import { t } from '../../../web/i18n.ts';
import { ErrorSummary, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import { people } from '../../people/schema.ts';
import { A } from '../actions.ts';
import { careFacts, isOwnerSide } from '../policy.ts';
import { formatPounds } from './amounts.ts';
import { assertMayClaim, claimExpense, decideExpense, decideInput, readExpense } from './expenses.ts';
import { agreeRate, assertMayProposeRate, moneyFacts, paysWorker, proposeInput, proposeRate, withdrawRate } from './rates.ts';
import { takeUpload } from './uploads.ts';
import { payerOptions } from './words.ts';

export const claimFields = z.object({ incurredOn: z.string(), amount: z.string(), description: z.string(), careLogId: z.string().optional(), receipt: z.unknown().describe('the receipt file (multipart)') });
export const expenseStateWords: Record<string, string> = { submitted: 'waiting for a decision', approved: 'approved', rejected: 'rejected' };

/** The team's money page, a worker's own money page, and the forms that change them. */
export function registerMoneyPages(app: FastifyInstance): void {
  const deps = app.deps;
  const id = idParam;

  const workerOptions = async (ctx: Ctx, teamId: string) => {
    const f = await careFacts(ctx.tx, teamId, ctx.now);
    const ids = [...f.memberIds, ...f.trialists.keys()].filter((p) => paysWorker(f, p));
    const rows = ids.length ? await ctx.tx.select({ value: people.id, label: people.name }).from(people).where(inArray(people.id, ids)) : [];
    return [{ value: '', label: t('Choose a worker') }, ...rows];
  };
  formPage(app, {
    url: '/teams/:id/money/rates', action: A.moneyManage, title: t('Propose an hourly rate'), summary: 'Propose a paid worker’s hourly rate, who pays and how expenses are handled', body: proposeInput,
    initial: () => ({ payerKind: 'personal_budget' }),
    view: async (req, state) => {
      const { f, owner, workers } = await read(deps, req.actor, async (ctx) => {
        // Refused exactly as the POST is: a person on a paid trial proposes their trial rate too.
        const { f, actor } = await moneyFacts(ctx, id(req), { trial: true });
        assertMayProposeRate(f, actor);
        const owner = isOwnerSide(actor, f);
        return { f, owner, workers: owner ? await workerOptions(ctx, f.team.id) : [] };
      }, {});
      return (
        <>
          <h1>{t('Propose an hourly rate in {team}', { team: f.team.name })}</h1>
          <p>{t(owner ? 'The worker agrees it before it counts.' : 'The owner (or their advocate) agrees it before it counts. From then on it prices your confirmed paid support.')}</p>
          <Form action={`/teams/${f.team.id}/money/rates`} state={state} submit={t('Propose this rate')}>
            {owner ? <Select name="workerId" label={t('Which worker')} state={state} options={workers} /> : null}
            <Field name="rate" label={t('Hourly rate in pounds (from 1.00 to 200.00)')} hint={t('For example 20.00')} state={state} />
            <Select name="payerKind" label={t('Who pays')} state={state} options={payerOptions} />
            <Field name="payerName" label={t('The payer’s name')} hint={t('For example the person’s name, or "Kirklees Council"')} state={state} />
            <Field name="expensesAgreement" label={t('How expenses are handled (optional)')} type="textarea" state={state} />
            <Field name="startsOn" label={t('Prices support from (optional)')} type="date" hint={t('Leave empty to start when it is agreed. Choose an earlier day to price support already given, in a trial for example.')} state={state} />
          </Form>
        </>
      );
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, proposeRate, { ...values, teamId: id(req) });
      return reply.redirect(`/teams/${id(req)}/money`, 303);
    },
  });

  formPage(app, {
    url: '/teams/:id/money/expenses', action: A.moneyManage, title: t('Claim an expense'), summary: 'Claim an expense with its receipt (multipart form: the receipt is a file)', body: claimFields,
    initial: () => ({ incurredOn: localDate(deps.clock.now()) }),
    view: async (req, state) => {
      const f = await read(deps, req.actor, async (ctx) => {
        const { f, actor } = await moneyFacts(ctx, id(req));
        assertMayClaim(f, actor.personId);
        return f;
      }, {});
      return <ClaimForm teamId={f.team.id} team={f.team.name} state={state} />;
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, claimExpense, { ...values, receipt: takeUpload(req), teamId: id(req) });
      return reply.redirect(`/teams/${id(req)}/money`, 303);
    },
  });

  formPage(app, {
    url: '/money/expenses/:id', action: A.moneyView, submitAction: A.moneyManage, title: t('An expense'), summary: 'An expense, its receipt, and the owner’s side’s decision', body: decideInput,
    view: async (req, state) => {
      const { expense: e, f, ownerSide } = await read(deps, req.actor, (ctx) => readExpense(ctx, { expenseId: id(req) }), {});
      return (
        <>
          <h1>{t('Expense: {what}', { what: e.description })}</h1>
          <dl>
            <dt>{t('Team')}</dt><dd><a href={`/teams/${f.team.id}/money`}>{f.team.name}</a></dd>
            <dt>{t('Worker')}</dt><dd>{e.workerName}</dd>
            <dt>{t('Date')}</dt><dd>{e.incurredOn}</dd>
            <dt>{t('Amount')}</dt><dd>{formatPounds(e.amountPence)}</dd>
            <dt>{t('State')}</dt><dd>{t(expenseStateWords[e.state] ?? e.state)}{e.decisionNote ? `: ${e.decisionNote}` : ''}</dd>
          </dl>
          {e.hasReceipt ? <p><a href={`/expenses/${e.id}/receipt`} download>{t('Download the receipt ({name})', { name: e.receiptName ?? '' })}</a></p> : null}
          {ownerSide && e.state === 'submitted' ? (
            <Form action={`/money/expenses/${e.id}`} state={state} submit={t('Record the decision')}>
              <Select name="decision" label={t('Decision')} state={state} options={[{ value: 'approve', label: t('Approve') }, { value: 'reject', label: t('Reject') }]} />
              <Field name="note" label={t('A note for the worker (needed when rejecting)')} type="textarea" state={state} />
            </Form>
          ) : null}
        </>
      );
    },
    submit: async (req, reply, values) => {
      const { expenseId } = await run(deps, req.actor, decideExpense, { ...values, expenseId: id(req) });
      return reply.redirect(`/money/expenses/${expenseId}`, 303);
    },
  });

  // One-button steps on a rate, from the team's money page.
  for (const [step, command] of [['agree', agreeRate], ['withdraw', withdrawRate]] as const) {
    addRoute(app, {
      method: 'POST', url: `/money/rates/:id/${step}`, action: A.moneyManage, kind: 'page', summary: step === 'agree' ? 'Agree a proposed rate (the other side from the proposer)' : 'Withdraw or decline a proposed rate',
      handler: async (req, reply) => {
        const { teamId } = await run(deps, req.actor, command, { rateId: id(req) });
        return reply.redirect(`/teams/${teamId}/money`, 303);
      },
    });
  }
}

function ClaimForm({ teamId, team, state }: { teamId: string; team: string; state: FormState }) {
  const error = state.errors.receipt;
  return (
    <>
      <h1>{t('Claim an expense in {team}', { team })}</h1>
      <p>{t('The owner (or their advocate) approves it before it is paid. It is paid at cost: no commons contribution is taken.')}</p>
      <form method="post" action={`/teams/${teamId}/money/expenses`} enctype="multipart/form-data" novalidate>
        <ErrorSummary errors={state.errors} />
        <input type="hidden" name="_csrf" value={state.csrf} />
        <Field name="incurredOn" label={t('Date of the expense')} type="date" state={state} />
        <Field name="amount" label={t('Amount in pounds')} hint={t('For example 4.50')} state={state} />
        <Field name="description" label={t('What it was for')} state={state} />
        <Field name="careLogId" label={t('The care log it belongs to (optional)')} hint={t('Copy it from the care log’s page')} state={state} />
        <label for="field-receipt">
          {t('Receipt: a photo (JPEG or PNG) or a PDF, up to 2 MB')}
          {error ? <small id="field-receipt-error" class="field-error">{t('Error:')} {error}</small> : null}
          <input id="field-receipt" name="receipt" type="file" accept="image/jpeg,image/png,application/pdf" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'field-receipt-error' : undefined} />
        </label>
        <button type="submit">{t('Claim this expense')}</button>
      </form>
    </>
  );
}

