import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import type { FieldErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { formPage } from '../../web/form-page.tsx';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute } from '../../web/routing.ts';
import { addNavLink } from '../../web/views/places.ts';
import { A } from './actions.ts';
import { donateCredits } from './commands/donate-credits.ts';
import { give } from './commands/give-credits.ts';
import { reverseTransfer } from './commands/reverse-transfer.ts';
import { setAutoDonate } from './commands/set-auto-donate.ts';
import { spendCredits } from './commands/spend-credits.ts';
import { statementCsv } from './csv.ts';
import { accountOf, peopleAround, poolChoices, poolLabel, statement, wholeStatement } from './queries.ts';
import { peopleFinder, poolsFinder, whoOf } from './routes-choose.tsx';
import { autoDonateInput, donateInput, giveInput, spendInput, statementFilter, type StatementFilter } from './validation.ts';
import { AutoDonateForm, DonateForm, GiveForm, SpendForm } from './views/forms.tsx';
import { CreditsOverview } from './views/overview.tsx';

addNavLink({ place: 'me', href: '/credits', label: 'Credits', hint: 'Your time credits: balance, history, give and donate.' });
addNavLink({ place: 'coop', href: '/credits/pools', label: 'Pools', hint: 'The co-op’s credit pools and what they may pay for.' });
addNavLink({ place: 'coop', href: '/credits/flows', label: 'How credits flow', hint: 'Credits moved across the co-op each month.' });

const done: Record<string, string> = {
  gift: 'Your credits have been given.',
  donate: 'Thank you: your donation is in the pool.',
  spend: 'Paid in credits.',
  reverse: 'The credits have been given back.',
  'auto-donate': 'Saved: this is what will happen to credits you earn.',
};

/** The history filter from the query string; bad values are shown beside their fields. */
export function readFilter(req: FastifyRequest): { values: Record<string, unknown>; filter: Partial<StatementFilter>; errors: FieldErrors } {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const values = Object.fromEntries(['kind', 'from', 'to', 'before'].filter((k) => typeof query[k] === 'string').map((k) => [k, query[k]]));
  const parsed = statementFilter.safeParse(values);
  if (parsed.success) return { values, filter: parsed.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '_form')] ??= issue.message;
  return { values, filter: {}, errors };
}

/** A statement download, streamed: a filename with the date so saved copies do not collide. */
export async function sendCsv(reply: FastifyReply, rows: ReturnType<typeof wholeStatement>, tz: string, name: string, now: Date) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${now.toISOString().slice(0, 10)}.csv"`)
    .header('cache-control', 'no-store')
    .send(statementCsv(rows, tz));
}

/** Your own credits: balance, history, and giving, donating and spending them. */
export function registerCreditRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const fresh = () => ({ idempotencyKey: newId() });
  // People and pools are chosen by a search, a few at a time, never from the whole co-op (ADR 0022).
  const people = (req: FastifyRequest, chosen?: unknown) =>
    peopleAround(db, requireActor(req.actor).personId, deps.clock.now(), { search: whoOf(req), chosen: typeof chosen === 'string' ? chosen : undefined });
  const pools = (req: FastifyRequest, chosen?: unknown) => poolChoices(db, { search: whoOf(req), chosen: typeof chosen === 'string' ? chosen : undefined });
  const balance = async (req: FastifyRequest) => (await accountOf(db, requireActor(req.actor).personId))?.balance ?? 0;

  addRoute(app, {
    method: 'GET', url: '/credits', action: A.view, kind: 'page', summary: 'Your credits: balance, history, give and donate',
    handler: async (req, reply) => {
      const actor = requireActor(req.actor);
      const account = await accountOf(db, actor.personId);
      const { values, filter, errors } = readFilter(req);
      const page = account && Object.keys(errors).length === 0 ? await statement(db, account.id, filter, tz) : { rows: [], next: null };
      const found = { people: await people(req), pools: await pools(req) };
      const autoDonatePool = account?.autoDonateTo ? await poolLabel(db, account.autoDonateTo) : null;
      const csrf = csrfFor(reply);
      const notice = done[String((req.query as Record<string, unknown>).done ?? '')];
      return sendPage(req, reply, {
        title: t('Your credits'),
        csrf,
        status: Object.keys(errors).length ? 422 : 200,
        ...(notice ? { notice: t(notice) } : {}),
        body: (
          <CreditsOverview
            balance={account?.balance ?? 0}
            autoDonatePool={autoDonatePool}
            people={found.people.choices}
            pools={found.pools.choices}
            giveFinder={peopleFinder(req, '/credits/give', 'give-toPersonId', found.people)}
            donateFinder={poolsFinder(req, '/credits/donate', 'donate-poolId', found.pools)}
            give={{ values: fresh(), errors: {}, csrf }}
            donate={{ values: fresh(), errors: {}, csrf }}
            filter={{ values, errors, csrf }}
            rows={page.rows}
            next={page.next}
            tz={tz}
            csrf={csrf}
          />
        ),
      });
    },
  });

  formPage(app, {
    url: '/credits/give', action: A.view, submitAction: A.transfer, title: t('Give credits'), summary: 'Give credits to a person', body: giveInput,
    initial: fresh,
    view: async (req, state) => {
      const found = await people(req, state.values.toPersonId);
      return (
        <>
          <h1>{t('Give credits')}</h1>
          <GiveForm state={state} people={found.choices} balance={await balance(req)} finder={peopleFinder(req, '/credits/give', 'toPersonId', found)} />
        </>
      );
    },
    submit: async (req, reply, values) => {
      await give(deps, req.actor, values);
      return reply.redirect('/credits?done=gift', 303);
    },
  });

  formPage(app, {
    url: '/credits/donate', action: A.view, submitAction: A.transfer, title: t('Donate to a pool'), summary: 'Donate credits to a pool', body: donateInput,
    initial: fresh,
    view: async (req, state) => {
      const found = await pools(req, state.values.poolId);
      return (
        <>
          <h1>{t('Donate to a pool')}</h1>
          <DonateForm state={state} pools={found.choices} finder={poolsFinder(req, '/credits/donate', 'poolId', found)} />
        </>
      );
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, donateCredits, values);
      return reply.redirect('/credits?done=donate', 303);
    },
  });

  formPage(app, {
    url: '/credits/spend', action: A.view, submitAction: A.transfer, title: t('Pay a volunteer for an extra'), summary: 'Pay a volunteer in credits for an extra', body: spendInput,
    initial: fresh,
    view: async (req, state) => {
      const found = await people(req, state.values.toPersonId);
      return <SpendForm state={state} people={found.choices} finder={peopleFinder(req, '/credits/spend', 'toPersonId', found)} />;
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, spendCredits, values);
      return reply.redirect('/credits?done=spend', 303);
    },
  });

  formPage(app, {
    url: '/credits/auto-donate', action: A.view, submitAction: A.transfer, title: t('Pass on what you earn'), summary: 'Choose a pool to receive everything you earn', body: autoDonateInput,
    initial: async (req) => ({ poolId: (await accountOf(db, requireActor(req.actor).personId))?.autoDonateTo ?? '' }),
    view: async (req, state) => {
      const found = await pools(req, state.values.poolId);
      return <AutoDonateForm state={state} pools={found.choices} finder={poolsFinder(req, '/credits/auto-donate', 'poolId', found)} />;
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, setAutoDonate, values);
      return reply.redirect('/credits?done=auto-donate', 303);
    },
  });

  addRoute(app, {
    method: 'POST', url: '/credits/transfers/:id/reverse', action: A.transfer, kind: 'page', summary: 'Give back credits you received (a reversal)',
    handler: async (req, reply) => {
      await run(deps, req.actor, reverseTransfer, { transferId: (req.params as { id: string }).id });
      return reply.redirect('/credits?done=reverse', 303);
    },
  });

  addRoute(app, {
    method: 'GET', url: '/credits/statement.csv', action: A.view, kind: 'page', summary: 'Your credit history as CSV',
    handler: async (req, reply) => {
      const actor = requireActor(req.actor);
      const account = await accountOf(db, actor.personId);
      const { filter, errors } = readFilter(req);
      const rows = account && Object.keys(errors).length === 0 ? wholeStatement(db, account.id, { ...filter, before: undefined }, tz) : (async function* () {})();
      return sendCsv(reply, rows, tz, 'credits', deps.clock.now());
    },
  });
}
