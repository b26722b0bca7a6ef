import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import { NotAllowed, NotFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { formPage } from '../../web/form-page.tsx';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute } from '../../web/routing.ts';
import { circleChoices } from '../circles/map-queries.ts';
import { CHOICES_SHOWN } from '../../web/views/chooser.tsx';
import { peopleFinder, whoOf } from './routes-choose.tsx';
import { A } from './actions.ts';
import { formatCredits } from './amounts.ts';
import { createPool } from './commands/create-pool.ts';
import { redistributeCredits } from './commands/redistribute-credits.ts';
import { canRunPool } from './policy.ts';
import { poolPayments } from './pools.ts';
import { creditFlows, listPools, peopleAround, poolDetail, statement, wholeStatement } from './queries.ts';
import { readFilter, sendCsv } from './routes.tsx';
import { createPoolInput, redistributeInput } from './validation.ts';
import { FlowsChart, FlowsTable } from './views/flows.tsx';
import { NewPoolForm, PayFromPoolForm } from './views/forms.tsx';
import { PoolList, PoolPage } from './views/pools.tsx';

/** Pools (common accounts of circles), paying out of them by decision, and the co-op's flows. */
export function registerPoolRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;

  const pool = async (req: FastifyRequest) => {
    const detail = await poolDetail(db, (req.params as { id: string }).id);
    if (!detail) throw new NotFound(t('That pool was not found.'));
    return detail;
  };
  /** The pool, for the forms only its circle's full participants may use. */
  const poolToRun = async (req: FastifyRequest) => {
    const detail = await pool(req);
    if (!(await canRunPool(db, requireActor(req.actor), detail.account.circleId as string, deps.clock.now()))) {
      throw new NotAllowed(t('Only full participants of {circle} can do this for its pool.', { circle: detail.circleName }));
    }
    return detail;
  };

  addRoute(app, {
    method: 'GET', url: '/credits/pools', action: A.view, kind: 'page', summary: 'Pools and what they hold',
    handler: async (req, reply) => sendPage(req, reply, { title: t('Pools'), body: <PoolList pools={await listPools(db)} /> }),
  });

  formPage(app, {
    url: '/credits/pools/new', action: A.view, submitAction: A.runPool, title: t('Open a pool'), summary: 'Open a pool for a circle', body: createPoolInput,
    view: async (req, state) => {
      const chosen = typeof state.values.circleId === 'string' ? state.values.circleId : undefined;
      const found = await circleChoices(db, requireActor(req.actor).personId, { search: whoOf(req), chosen, limit: CHOICES_SHOWN });
      const finder = {
        action: '/credits/pools/new', source: '/api/v1/circles/choices', target: 'circleId', label: t('Find a circle by name'),
        value: whoOf(req), found: found.choices.length, more: found.more, noun: { one: 'circle', many: 'circles' },
      };
      return <NewPoolForm state={state} circles={found.choices} finder={finder} />;
    },
    submit: async (req, reply, values) => {
      const { poolId } = await run(deps, req.actor, createPool, values);
      return reply.redirect(`/credits/pools/${poolId}`, 303);
    },
  });

  addRoute(app, {
    method: 'GET', url: '/credits/pools/:id', action: A.view, kind: 'page', summary: 'A pool: what it may pay for and its statement',
    handler: async (req, reply) => {
      const detail = await pool(req);
      const { values, filter, errors } = readFilter(req);
      const page = Object.keys(errors).length === 0 ? await statement(db, detail.account.id, filter, tz) : { rows: [], next: null };
      const canRun = await canRunPool(db, requireActor(req.actor), detail.account.circleId as string, deps.clock.now());
      const csrf = csrfFor(reply);
      const notice = (req.query as Record<string, unknown>).done ? t('Done: the pool’s statement below shows it.') : undefined;
      return sendPage(req, reply, {
        title: t('Pool: {name}', { name: detail.account.name }),
        csrf,
        status: Object.keys(errors).length ? 422 : 200,
        ...(notice ? { notice } : {}),
        body: <PoolPage detail={detail} canRun={canRun} rows={page.rows} next={page.next} filter={{ values, errors, csrf }} tz={tz} payments={await poolPayments(db, detail.account.id)} />,
      });
    },
  });

  addRoute(app, {
    method: 'GET', url: '/credits/pools/:id/statement.csv', action: A.view, kind: 'page', summary: "A pool's statement as CSV",
    handler: async (req, reply) => {
      const detail = await pool(req);
      const { filter, errors } = readFilter(req);
      const rows = Object.keys(errors).length === 0 ? wholeStatement(db, detail.account.id, { ...filter, before: undefined }, tz) : (async function* () {})();
      return sendCsv(reply, rows, tz, 'pool', deps.clock.now());
    },
  });

  formPage(app, {
    url: '/credits/pools/:id/pay', action: A.runPool, title: t('Pay from a pool'), summary: 'Pay credits out of a pool, citing the decision that allows it', body: redistributeInput,
    initial: () => ({ idempotencyKey: newId() }),
    view: async (req, state) => {
      const detail = await poolToRun(req);
      const people = await peopleAround(db, requireActor(req.actor).personId, deps.clock.now(), {
        poolCircleId: detail.account.circleId as string, search: whoOf(req), chosen: typeof state.values.toPersonId === 'string' ? state.values.toPersonId : undefined,
      });
      const allowances = detail.allowances
        .filter((a) => a.state === 'in_force')
        .map((a) => ({ value: a.allowance.logbookEntryId, label: t('{title}: up to {limit} each, {left} left', { title: a.title, limit: formatCredits(a.allowance.perPaymentLimit), left: formatCredits(Math.max(0, a.allowance.totalLimit - a.paid)) }) }));
      return (
        <>
          <h1>{t('Pay from {pool}', { pool: detail.account.name })}</h1>
          <p>{t('The pool holds {amount}.', { amount: formatCredits(detail.account.balance) })}</p>
          <PayFromPoolForm state={state} poolId={detail.account.id} people={people.choices} allowances={allowances} finder={peopleFinder(req, `/credits/pools/${detail.account.id}/pay`, 'toPersonId', people, detail.account.id)} />
        </>
      );
    },
    submit: async (req, reply, values) => {
      const { id } = req.params as { id: string };
      await run(deps, req.actor, redistributeCredits, { ...values, poolId: id });
      return reply.redirect(`/credits/pools/${id}?done=payment`, 303);
    },
  });

  addRoute(app, {
    method: 'GET', url: '/credits/flows', action: A.view, kind: 'page', summary: 'Credits moved across the co-op each month',
    handler: async (req, reply) => {
      const months = await creditFlows(db, deps.clock.now(), tz);
      return sendPage(req, reply, {
        title: t('How credits flow'),
        body: (
          <>
            <h1>{t('How credits flow across the co-op')}</h1>
            <p>{t('Every credit earned, given, donated, paid from a pool or spent on an extra in the last twelve months.')}</p>
            <FlowsChart months={months} />
            <FlowsTable months={months} />
          </>
        ),
      });
    },
  });
}
