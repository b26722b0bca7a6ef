import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../../platform/authz.ts';
import { read } from '../../../platform/context.ts';
import { t } from '../../../web/i18n.ts';
import { csrfFor, sendPage } from '../../../web/render.tsx';
import { addRoute, idParam } from '../../../web/routing.ts';
import { ActionButton } from '../../../web/views/forms.tsx';
import { myTeams } from '../../teams/queries.ts';
import { A } from '../actions.ts';
import { careFactsMany, isOwnerSide, isPaidWorker } from '../policy.ts';
import { formatPounds } from './amounts.ts';
import { type ExpenseView, teamExpenses } from './expenses.ts';
import { expenseStateWords } from './pages.tsx';
import { dayOf, monthOf, previousMonth } from './period.ts';
import { coOpTimeZone } from '../../../platform/zoned-time.ts';
import { type RateView, moneyFacts, paysWorker, teamRates } from './rates.ts';
import { payerLabel } from './words.ts';
import { Table } from '../../../web/views/table.tsx';

function RatesTable({ rates, me, ownerSide, csrf, showWorker }: { rates: RateView[]; me: string; ownerSide: boolean; csrf: string; showWorker: boolean }) {
  if (rates.length === 0) return <p>{t('No rates yet.')}</p>;
  return (
    <Table caption={t('Hourly rates, newest first')}>
      <thead><tr>{showWorker ? <th scope="col">{t('Worker')}</th> : null}<th scope="col">{t('Rate')}</th><th scope="col">{t('Who pays')}</th><th scope="col">{t('Expenses')}</th><th scope="col">{t('State')}</th><th scope="col">{t('Action')}</th></tr></thead>
      <tbody>
        {rates.map((r) => {
          const mySide = r.workerId === me ? 'worker' : ownerSide ? 'owner' : null;
          const proposerSide = r.proposedBy === r.workerId ? 'worker' : 'owner';
          return (
            <tr key={r.id}>
              {showWorker ? <td>{r.workerName}</td> : null}
              <td>{formatPounds(r.ratePence)} {t('an hour')}{r.startsAt ? ` ${t('from {day}', { day: dayOf(r.startsAt, coOpTimeZone()) })}` : ''}</td>
              <td>{r.payerName} ({payerLabel(r.payerKind)})</td>
              <td>{r.expensesAgreement || '—'}</td>
              <td>{t(r.state === 'proposed' ? (proposerSide === 'worker' ? 'proposed by the worker' : "proposed by the owner's side") : r.state)}</td>
              <td>
                {r.state === 'proposed' && mySide && mySide !== proposerSide ? <ActionButton action={`/money/rates/${r.id}/agree`} csrf={csrf} label={t('Agree this rate')} /> : null}
                {r.state === 'proposed' && mySide ? <ActionButton action={`/money/rates/${r.id}/withdraw`} csrf={csrf} secondary label={t(mySide === proposerSide ? 'Withdraw' : 'Decline')} /> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

function ExpensesList({ expenses, showWorker }: { expenses: ExpenseView[]; showWorker: boolean }) {
  if (expenses.length === 0) return <p>{t('No expenses yet.')}</p>;
  return (
    <ul>
      {expenses.map((e) => (
        <li key={e.id}>
          <a href={`/money/expenses/${e.id}`}>{e.incurredOn}: {e.description}</a>, {formatPounds(e.amountPence)}{showWorker ? `, ${e.workerName}` : ''} ({t(expenseStateWords[e.state] ?? e.state)})
        </li>
      ))}
    </ul>
  );
}

/** The team's money page (rates, expenses, statements) and each person's own money page. */
export function registerMoneyOverview(app: FastifyInstance): void {
  const deps = app.deps;
  const tz = app.config.timeZone;
  const id = idParam;

  addRoute(app, {
    method: 'GET', url: '/teams/:id/money', action: A.moneyView, kind: 'page', summary: "A team's money: rates, expenses and statements (the owner's side sees all; a worker their own)",
    handler: async (req, reply) => {
      const me = requireActor(req.actor).personId;
      const csrf = csrfFor(reply);
      const { f, ownerSide, worker, rates, expenses } = await read(deps, req.actor, async (ctx) => {
        const { f, actor } = await moneyFacts(ctx, id(req), { trial: true });
        const ownerSide = isOwnerSide(actor, f);
        // A person on a paid trial agrees their trial rate here like a paid worker.
        const worker = paysWorker(f, actor.personId);
        if (!ownerSide && !worker) return { f, ownerSide, worker, rates: [], expenses: [] };
        return { f, ownerSide, worker, rates: await teamRates(ctx.tx, f, actor, ctx.now), expenses: await teamExpenses(ctx.tx, f, actor) };
      }, {});
      const month = monthOf(deps.clock.now(), tz);
      const last = previousMonth(month);
      const statements = ownerSide ? `/teams/${f.team.id}/money/statements` : '/money/statements/worker';
      const waiting = expenses.filter((e) => e.state === 'submitted');
      return sendPage(req, reply, {
        title: t('{team}: money', { team: f.team.name }), csrf,
        body: (
          <>
            <h1>{t('{team}: money', { team: f.team.name })}</h1>
            {!ownerSide && !worker ? <p>{t("Rates, expenses and statements are between each paid worker and the owner's side.")}</p> : (
              <>
                <h2>{t('Hourly rates')}</h2>
                <p>{t('A rate counts once the other side agrees it; from then on it prices confirmed paid support, and it replaces the rate before it.')}</p>
                <RatesTable rates={rates} me={me} ownerSide={ownerSide} csrf={csrf} showWorker={ownerSide} />
                <p><a href={`/teams/${f.team.id}/money/rates`}>{t('Propose a rate')}</a></p>
                <h2>{t(ownerSide ? 'Expenses waiting for your decision' : 'Your expenses')}</h2>
                <ExpensesList expenses={ownerSide ? waiting : expenses} showWorker={ownerSide} />
                {ownerSide && expenses.length > waiting.length ? (
                  <details><summary>{t('Decided expenses')}</summary><ExpensesList expenses={expenses.filter((e) => e.state !== 'submitted')} showWorker /></details>
                ) : null}
                {isPaidWorker(f, me) ? <p><a href={`/teams/${f.team.id}/money/expenses`}>{t('Claim an expense')}</a></p> : null}
                <h2>{t('Statements')}</h2>
                <ul>
                  <li><a href={`${statements}?month=${month}`}>{t(ownerSide ? 'Statement by payer for this month' : 'Your statement for this month')}</a></li>
                  <li><a href={`${statements}?month=${last}`}>{t(ownerSide ? 'Statement by payer for last month' : 'Your statement for last month')}</a></li>
                </ul>
              </>
            )}
          </>
        ),
      });
    },
  });

  addRoute(app, {
    method: 'GET', url: '/money', action: A.moneyView, kind: 'page', summary: 'Your money: your rates in each team and your statements',
    handler: async (req, reply) => {
      const actor = requireActor(req.actor);
      const csrf = csrfFor(reply);
      const month = monthOf(deps.clock.now(), tz);
      const rows = await read(deps, actor, async (ctx) => {
        const out = [];
        const teams = (await myTeams(ctx.tx, actor.personId)).teams.slice(0, 50);
        // Every team's facts at once, whatever the number of teams (issue 20).
        const facts = await careFactsMany(ctx.tx, teams.map((team) => team.id), ctx.now);
        for (const team of teams) {
          const f = facts.get(team.id);
          if (!f) continue;
          const ownerSide = isOwnerSide(actor, f);
          if (!ownerSide && !isPaidWorker(f, actor.personId)) continue;
          const rates = ownerSide ? [] : (await teamRates(ctx.tx, f, actor, ctx.now)).filter((r) => r.state === 'in force' || r.state === 'proposed');
          out.push({ team, ownerSide, rates });
        }
        return out;
      }, {});
      return sendPage(req, reply, {
        title: t('Your money'), csrf,
        body: (
          <>
            <h1>{t('Your money')}</h1>
            <h2>{t('Your statements')}</h2>
            <ul>
              <li><a href={`/money/statements/worker?month=${month}`}>{t('This month')}</a></li>
              <li><a href={`/money/statements/worker?month=${previousMonth(month)}`}>{t('Last month')}</a></li>
            </ul>
            <h2>{t('Your teams')}</h2>
            {rows.length === 0 ? <p>{t('You are not a paid worker in a team, and you do not own one.')}</p> : null}
            <ul>
              {rows.map((r) => (
                <li key={r.team.id}>
                  <a href={`/teams/${r.team.id}/money`}>{r.team.name}</a>
                  {r.ownerSide ? ` (${t('your team: rates, expenses and statements by payer')})` : null}
                  {r.rates.map((x) => <span key={x.id}>{' · '}{formatPounds(x.ratePence)} {t('an hour')} ({t(x.state)})</span>)}
                </li>
              ))}
            </ul>
          </>
        ),
      });
    },
  });
}
