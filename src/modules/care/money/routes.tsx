import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../platform/authz.ts';
import { read } from '../../../platform/context.ts';
import { t } from '../../../web/i18n.ts';
import { sendPage } from '../../../web/render.tsx';
import { addRoute, idParam } from '../../../web/routing.ts';
import { addNavLink } from '../../../web/views/places.ts';
import { A } from '../actions.ts';
import { commonsStatement } from './commons.ts';
import { commonsCsv, payerCsv, workerCsv } from './csv.ts';
import { readReceipt } from './expenses.ts';
import { registerMoneyPages } from './pages.tsx';
import { registerMoneyApi } from './routes-api.ts';
import { payerStatement, workerStatement } from './statements.ts';
import { registerMoneyOverview } from './team-page.tsx';
import { multipartOptions, sendFile } from './uploads.ts';
import { CommonsStatementView, PayerStatementView, WorkerStatementView } from './views.tsx';

addNavLink({ place: 'teams', href: '/money', label: 'Money', hint: 'Your rates and statements for paid support.' });

/**
 * Money for paid support: rates, expenses with receipts, statements. Registered in their own
 * scope so that multipart bodies (the receipt upload) are parsed only for these routes; the
 * parts are read in a preValidation hook that runs before the route's CSRF check, so the
 * form's _csrf field is checked like any other form's.
 */
export function registerMoneyRoutes(app: FastifyInstance): void {
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, multipartOptions);
    registerMoneyOverview(scope);
    registerMoneyPages(scope);
    registerStatementRoutes(scope);
    registerMoneyApi(scope);
  });
}

function registerStatementRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const tz = app.config.timeZone;
  const q = (req: FastifyRequest) => req.query as { month?: unknown; payer?: unknown };
  const id = idParam;
  const csv = (reply: FastifyReply, name: string, body: string) =>
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).header('cache-control', 'private, no-store').send(body);
  const monthParam = (month: string) => `month=${encodeURIComponent(month)}`;

  addRoute(app, {
    method: 'GET', url: '/money/statements/worker', action: A.moneyView, kind: 'page', summary: 'Your statement for a month: confirmed paid support, commons deducted, approved expenses (printable)',
    handler: async (req, reply) => {
      const s = await read(deps, requireActor(req.actor), workerStatement, { month: q(req).month, timeZone: tz });
      return sendPage(req, reply, { title: t('Your statement'), body: <WorkerStatementView s={s} timeZone={tz} csvHref={`/money/statements/worker.csv?${monthParam(s.month)}`} /> });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/money/statements/worker.csv', action: A.moneyView, kind: 'page', summary: 'Your statement for a month as CSV',
    handler: async (req, reply) => {
      const s = await read(deps, requireActor(req.actor), workerStatement, { month: q(req).month, timeZone: tz });
      return csv(reply, `statement-${s.month}`, workerCsv(s, tz));
    },
  });
  const payerInput = (req: FastifyRequest) => ({ teamId: id(req), month: q(req).month, payer: q(req).payer, timeZone: tz });
  addRoute(app, {
    method: 'GET', url: '/teams/:id/money/statements', action: A.moneyView, kind: 'page', summary: "A team's statement for a month, by payer (the owner's side; printable)",
    handler: async (req, reply) => {
      const s = await read(deps, requireActor(req.actor), payerStatement, payerInput(req));
      const payer = typeof q(req).payer === 'string' ? (q(req).payer as string) : '';
      const csvHref = `/teams/${s.team.id}/money/statements.csv?${monthParam(s.month)}${payer ? `&payer=${encodeURIComponent(payer)}` : ''}`;
      return sendPage(req, reply, { title: t('Statement by payer'), body: <PayerStatementView s={s} timeZone={tz} payer={payer} csvHref={csvHref} /> });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/teams/:id/money/statements.csv', action: A.moneyView, kind: 'page', summary: "A team's statement for a month, by payer, as CSV",
    handler: async (req, reply) => {
      const s = await read(deps, requireActor(req.actor), payerStatement, payerInput(req));
      return csv(reply, `statement-${s.month}-by-payer`, payerCsv(s, tz));
    },
  });
  const year = (req: FastifyRequest) => (req.query as { year?: unknown }).year;
  addRoute(app, {
    method: 'GET', url: '/money/commons', action: A.moneyView, kind: 'page', summary: "The co-op's own statement: commons contributions by month and team for a year (?year=; the co-op's members; printable)",
    handler: async (req, reply) => {
      const s = await read(deps, requireActor(req.actor), commonsStatement, { year: year(req), timeZone: tz });
      return sendPage(req, reply, { title: t("The co-op's commons contributions"), body: <CommonsStatementView s={s} csvHref={`/money/commons.csv?year=${s.year}`} /> });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/money/commons.csv', action: A.moneyView, kind: 'page', summary: "The co-op's commons contributions for a year as CSV",
    handler: async (req, reply) => {
      const s = await read(deps, requireActor(req.actor), commonsStatement, { year: year(req), timeZone: tz });
      return csv(reply, `commons-${s.year}`, commonsCsv(s));
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/money/commons', action: A.moneyView, kind: 'api', summary: "The co-op's commons contributions by month and team for a year (?year=), amounts in pence",
    handler: async (req) => read(deps, requireActor(req.actor), commonsStatement, { year: year(req), timeZone: tz }),
  });
  addRoute(app, {
    method: 'GET', url: '/expenses/:id/receipt', action: A.moneyView, kind: 'page', summary: "An expense's receipt (the worker and the owner's side only; logged)",
    handler: async (req, reply) => sendFile(reply, await read(deps, requireActor(req.actor), readReceipt, { expenseId: id(req) })),
  });
}
