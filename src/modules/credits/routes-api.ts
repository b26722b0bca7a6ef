import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { requireActor } from '../../platform/authz.ts';
import { type Command, run } from '../../platform/context.ts';
import { NotFound } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validate.ts';
import { addRoute, jsonBody, idParam } from '../../web/routing.ts';
import { A } from './actions.ts';
import { creditsNumber } from './amounts.ts';
import { createPool } from './commands/create-pool.ts';
import { donateCredits } from './commands/donate-credits.ts';
import { issueCredits } from './commands/earn-credits.ts';
import { give } from './commands/give-credits.ts';
import { redistributeCredits } from './commands/redistribute-credits.ts';
import { reverseTransfer } from './commands/reverse-transfer.ts';
import { setAutoDonate } from './commands/set-auto-donate.ts';
import { spendCredits } from './commands/spend-credits.ts';
import type { Transfer, TransferResult } from './ledger.ts';
import { accountOf, creditFlows, listPools, poolDetail, statement } from './queries.ts';
import { autoDonateInput, createPoolInput, donateInput, giveInput, issueInput, redistributeInput, reverseInput, spendInput, statementFilter } from './validation.ts';

const asJson = (t: Transfer) => ({
  id: t.id,
  kind: t.kind,
  fromAccount: t.fromAccount,
  toAccount: t.toAccount,
  minutes: t.amount,
  credits: creditsNumber(t.amount),
  message: t.message,
  activity: t.activity,
  referenceType: t.referenceType,
  referenceId: t.referenceId,
  reversesTransferId: t.reversesTransferId,
  createdAt: t.createdAt,
});

/**
 * The same commands as the pages, as JSON at /api/v1/credits. A transfer takes its
 * idempotency key from the Idempotency-Key header (or an idempotencyKey field): the first
 * result is stored with the transfer and a retry gets it back, marked Idempotent-Replayed.
 */
export function registerCreditsApi(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const body = (req: FastifyRequest): Record<string, unknown> => {
    const raw = jsonBody(req);
    const header = req.headers['idempotency-key'];
    return typeof header === 'string' ? { ...raw, idempotencyKey: header } : raw;
  };
  const id = idParam;
  const transferred = (reply: FastifyReply, result: TransferResult & { donated?: Transfer | null }) =>
    reply
      .status(result.replayed ? 200 : 201)
      .header('idempotent-replayed', String(result.replayed))
      .send({ transfer: asJson(result.transfer), replayed: result.replayed, ...(result.donated ? { autoDonated: asJson(result.donated) } : {}) });
  const statementPage = async (req: FastifyRequest, accountId: string | null) => {
    const filter = parseInput(statementFilter, req.query);
    if (!accountId) return { entries: [], next: null };
    const page = await statement(db, accountId, filter, tz, filter.limit ?? 50);
    return { entries: page.rows.map((r) => ({ ...r, credits: creditsNumber(r.amount), balanceAfterCredits: creditsNumber(r.balanceAfter) })), next: page.next };
  };

  const transfers: [string, string, z.ZodType, Command<Record<string, unknown>, TransferResult>, string][] = [
    ['/api/v1/credits/donations', A.transfer, donateInput, donateCredits, 'Donate credits to a pool'],
    ['/api/v1/credits/spends', A.transfer, spendInput, spendCredits, 'Pay a volunteer in credits for an extra'],
    ['/api/v1/credits/earnings', A.issue, issueInput, issueCredits, 'Record credits earned by volunteering (admins)'],
  ];
  addRoute(app, {
    method: 'POST', url: '/api/v1/credits/gifts', action: A.transfer, kind: 'api', summary: 'Give credits to a person', body: giveInput,
    handler: async (req, reply) => transferred(reply, await give(deps, req.actor, body(req))),
  });
  for (const [url, action, schema, command, summary] of transfers) {
    addRoute(app, {
      method: 'POST', url, action, kind: 'api', summary, body: schema, ownIdempotency: true,
      handler: async (req, reply) => transferred(reply, await run(deps, req.actor, command, body(req))),
    });
  }
  addRoute(app, {
    method: 'POST', url: '/api/v1/credits/transfers/:id/reverse', action: A.transfer, kind: 'api', summary: 'Reverse a transfer you received (once)', body: reverseInput,
    handler: async (req, reply) => transferred(reply, await run(deps, req.actor, reverseTransfer, { ...body(req), transferId: id(req) })),
  });
  addRoute(app, {
    method: 'PUT', url: '/api/v1/credits/auto-donate', action: A.transfer, kind: 'api', summary: 'Choose a pool to receive everything you earn (empty to keep it)', body: autoDonateInput,
    handler: async (req) => run(deps, req.actor, setAutoDonate, body(req)),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/credits', action: A.view, kind: 'api', summary: 'Your balance and history (filters: kind, from, to; keyset: before, limit)',
    handler: async (req) => {
      const account = await accountOf(db, requireActor(req.actor).personId);
      const balance = account?.balance ?? 0;
      return { balance: { minutes: balance, credits: creditsNumber(balance) }, autoDonateTo: account?.autoDonateTo ?? null, ...(await statementPage(req, account?.id ?? null)) };
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/credits/pools', action: A.view, kind: 'api', summary: 'Pools and what they hold',
    handler: async () => ({ pools: (await listPools(db)).map((p) => ({ ...p, credits: creditsNumber(p.balance) })) }),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/credits/pools', action: A.runPool, kind: 'api', summary: 'Open a pool for a circle', body: createPoolInput,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, createPool, body(req))),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/credits/pools/:id', action: A.view, kind: 'api', summary: 'A pool, what it may pay for, and its statement',
    handler: async (req) => {
      const detail = await poolDetail(db, id(req));
      if (!detail) throw new NotFound('That pool was not found.');
      return { pool: { ...detail.account, credits: creditsNumber(detail.account.balance), circleName: detail.circleName }, allowances: detail.allowances, ...(await statementPage(req, detail.account.id)) };
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/credits/pools/:id/payments', action: A.runPool, kind: 'api', summary: 'Pay out of a pool, citing the decision that allows it', body: redistributeInput,
    handler: async (req, reply) => transferred(reply, await run(deps, req.actor, redistributeCredits, { ...body(req), poolId: id(req) })),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/credits/flows', action: A.view, kind: 'api', summary: 'Credits moved across the co-op per month, by kind (minutes)',
    handler: async () => ({ months: await creditFlows(db, deps.clock.now(), tz) }),
  });
}
