import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import { read, run } from '../../../platform/context.ts';
import { Invalid } from '../../../platform/errors.ts';
import { addRoute, jsonBody, idParam } from '../../../web/routing.ts';
import { A } from '../actions.ts';
import { type Upload, claimExpense, decideExpense, decideInput, readReceipt, teamExpenses } from './expenses.ts';
import { claimFields } from './pages.tsx';
import { agreeRate, moneyFacts, proposeInput, proposeRate, teamRates, withdrawRate } from './rates.ts';
import { payerStatement, workerStatement } from './statements.ts';
import { sendFile, takeUpload } from './uploads.ts';

/**
 * The receipt from a JSON body: `receiptBase64` (standard base64) and `receiptName`. JSON bodies
 * are limited to 256 kB by the app, so larger receipts go as multipart (field `receipt`).
 */
function jsonReceipt(body: Record<string, unknown>): Upload | undefined {
  const b64 = body.receiptBase64;
  if (b64 === undefined) return undefined;
  if (typeof b64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64.replace(/\s/g, ''))) throw new Invalid({ receipt: 'Send the receipt as base64 in receiptBase64' });
  return { filename: typeof body.receiptName === 'string' ? body.receiptName : 'receipt', data: Buffer.from(b64, 'base64'), truncated: false };
}

/** Every money command and read as JSON under /api/v1, with the same rules as the pages. */
export function registerMoneyApi(app: FastifyInstance): void {
  const deps = app.deps;
  const tz = app.config.timeZone;
  const id = idParam;
  const q = (req: FastifyRequest) => req.query as { month?: unknown; payer?: unknown };

  addRoute(app, {
    method: 'GET', url: '/api/v1/teams/:id/money', action: A.moneyView, kind: 'api', summary: "A team's rates and expenses (the owner's side sees all; a paid worker their own)",
    handler: async (req) => read(deps, requireActor(req.actor), async (ctx) => {
      // A person on a paid trial sees the rates proposed to them, as the page shows.
      const { f, actor } = await moneyFacts(ctx, id(req), { trial: true });
      return { team: { id: f.team.id, name: f.team.name }, rates: await teamRates(ctx.tx, f, actor, ctx.now), expenses: await teamExpenses(ctx.tx, f, actor) };
    }, {}),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/teams/:id/money/rates', action: A.moneyManage, kind: 'api', summary: 'Propose an hourly rate (rate in pounds as text, e.g. "20.00")', body: proposeInput,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, proposeRate, { ...jsonBody(req), teamId: id(req) })),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/money/rates/:id/agree', action: A.moneyManage, kind: 'api', summary: 'Agree a proposed rate (the other side from the proposer)', body: z.object({}),
    handler: async (req) => run(deps, req.actor, agreeRate, { rateId: id(req) }),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/money/rates/:id/withdraw', action: A.moneyManage, kind: 'api', summary: 'Withdraw or decline a proposed rate', body: z.object({}),
    handler: async (req) => run(deps, req.actor, withdrawRate, { rateId: id(req) }),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/teams/:id/money/expenses', action: A.moneyManage, kind: 'api',
    summary: 'Claim an expense: multipart with a `receipt` file, or JSON with `receiptBase64` and `receiptName` (JPEG, PNG or PDF, up to 2 MB)',
    body: claimFields.extend({ receiptBase64: z.string().optional(), receiptName: z.string().optional() }),
    handler: async (req, reply) => {
      const body = jsonBody(req);
      const receipt = takeUpload(req) ?? jsonReceipt(body);
      return reply.status(201).send(await run(deps, req.actor, claimExpense, { ...body, receipt, teamId: id(req) }));
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/money/expenses/:id/decide', action: A.moneyManage, kind: 'api', summary: "Approve or reject an expense (the owner's side; a note is needed to reject)", body: decideInput,
    handler: async (req) => run(deps, req.actor, decideExpense, { ...jsonBody(req), expenseId: id(req) }),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/money/expenses/:id/receipt', action: A.moneyView, kind: 'api', summary: "An expense's receipt file (the worker and the owner's side only; logged)",
    handler: async (req, reply) => sendFile(reply, await read(deps, requireActor(req.actor), readReceipt, { expenseId: id(req) })),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/money/statements/worker', action: A.moneyView, kind: 'api', summary: 'Your statement for ?month=YYYY-MM: lines, expenses and totals in pence',
    handler: async (req) => read(deps, requireActor(req.actor), workerStatement, { month: q(req).month, timeZone: tz }),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/teams/:id/money/statements', action: A.moneyView, kind: 'api', summary: "A team's statement by payer for ?month=YYYY-MM (&payer=kind:name), in pence",
    handler: async (req) => read(deps, requireActor(req.actor), payerStatement, { teamId: id(req), month: q(req).month, payer: q(req).payer, timeZone: tz }),
  });
}
