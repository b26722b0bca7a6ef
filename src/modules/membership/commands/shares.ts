import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { type From, keyset, pageOf } from '../../../platform/keyset.ts';
import { parseInput } from '../../../platform/validate.ts';
import { people } from '../../people/schema.ts';
import { isSecretary } from '../policy.ts';
import { memberships, shareMovements } from '../schema.ts';
import { recordChange } from './apply.ts';

const toPence = (pounds: string) => Math.round(Number(pounds) * 100);
export const amountInput = z.object({
  amountPounds: z
    .string({ error: 'Enter an amount in pounds' })
    .trim()
    .regex(/^\d{1,7}(\.\d{1,2})?$/, 'Enter an amount in pounds, like 250 or 250.50')
    // A purchase or a withdrawal of nothing is no movement of capital: the smallest is 1p.
    .refine((v) => toPence(v) >= 1, 'Enter an amount of at least 1p (0.01)'),
});

/** Balance and pending withdrawals, read with the person's rows locked so two requests cannot both pass. */
async function position(ctx: Ctx, personId: string) {
  await ctx.tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`shares:${personId}`}))`);
  const rows = await ctx.tx.select().from(shareMovements).where(eq(shareMovements.personId, personId));
  const bought = rows.filter((r) => r.kind === 'buy').reduce((s, r) => s + r.amountPence, 0);
  const withdrawn = rows.filter((r) => r.kind === 'withdrawn').reduce((s, r) => s + r.amountPence, 0);
  const closed = new Set(rows.filter((r) => r.kind === 'withdrawn').map((r) => r.requestId));
  const pending = rows.filter((r) => r.kind === 'withdrawal_request' && !closed.has(r.id)).reduce((s, r) => s + r.amountPence, 0);
  return { balance: bought - withdrawn, pending, rows };
}

/** The Secretary records money received for shares; the buyer needs an investor membership. */
export async function buyShares(ctx: Ctx, raw: Record<string, unknown> & { personId: string }): Promise<void> {
  if (!(await isSecretary(ctx.tx, ctx.actor, ctx.now))) throw new NotAllowed('Only the Secretary records share purchases.');
  const v = parseInput(amountInput, raw);
  if (!isUuid(raw.personId)) throw new Invalid({ personId: 'Choose a person' });
  const [m] = await ctx.tx.select().from(memberships).where(and(eq(memberships.personId, raw.personId), eq(memberships.memberClass, 'investor')));
  if (!m || ['left', 'removed'].includes(m.state)) throw new Invalid({ personId: 'This person has no investor membership: they apply first' });
  await position(ctx, raw.personId);
  await ctx.tx.insert(shareMovements).values({ id: newId(), personId: raw.personId, kind: 'buy', amountPence: toPence(v.amountPounds), byPersonId: ctx.actor?.personId, at: ctx.now });
  await ctx.emit({ type: 'shares.bought', subjectType: 'person', subjectId: raw.personId, data: { pence: toPence(v.amountPounds) } });
}

export async function requestWithdrawal(ctx: Ctx, raw: Record<string, unknown>): Promise<{ requestId: string }> {
  const actor = requireActor(ctx.actor);
  const v = parseInput(amountInput, raw);
  const { balance, pending } = await position(ctx, actor.personId);
  const pence = toPence(v.amountPounds);
  if (pence > balance - pending) throw new Invalid({ amountPounds: `You can withdraw at most £${((balance - pending) / 100).toFixed(2)}` });
  const requestId = newId();
  await ctx.tx.insert(shareMovements).values({ id: requestId, personId: actor.personId, kind: 'withdrawal_request', amountPence: pence, byPersonId: actor.personId, at: ctx.now });
  await ctx.emit({ type: 'shares.withdrawal-requested', subjectType: 'person', subjectId: actor.personId, data: { pence } });
  return { requestId };
}

/** Approve, then pay out. Withdrawing the last share ends the investor membership. */
export async function settleWithdrawal(ctx: Ctx, raw: { requestId: string; step: 'approve' | 'pay' }): Promise<void> {
  if (!(await isSecretary(ctx.tx, ctx.actor, ctx.now))) throw new NotAllowed('Only the Secretary approves withdrawals.');
  if (!isUuid(raw.requestId)) throw new NotFound('That request was not found.');
  const [request] = await ctx.tx.select().from(shareMovements).where(and(eq(shareMovements.id, raw.requestId), eq(shareMovements.kind, 'withdrawal_request')));
  if (!request) throw new NotFound('That request was not found.');
  const { rows, balance } = await position(ctx, request.personId);
  const approved = rows.some((r) => r.kind === 'withdrawal_approved' && r.requestId === request.id);
  const paid = rows.some((r) => r.kind === 'withdrawn' && r.requestId === request.id);
  if (paid) throw new Conflict('This withdrawal has already been paid.');
  if (raw.step === 'approve') {
    if (approved) throw new Conflict('This withdrawal is already approved.');
    await ctx.tx.insert(shareMovements).values({ id: newId(), personId: request.personId, kind: 'withdrawal_approved', amountPence: request.amountPence, requestId: request.id, byPersonId: ctx.actor?.personId, at: ctx.now });
  } else {
    if (!approved) throw new Conflict('Approve the withdrawal before paying it.');
    await ctx.tx.insert(shareMovements).values({ id: newId(), personId: request.personId, kind: 'withdrawn', amountPence: request.amountPence, requestId: request.id, byPersonId: ctx.actor?.personId, at: ctx.now });
    if (balance - request.amountPence === 0) {
      const [m] = await ctx.tx.select().from(memberships).where(and(eq(memberships.personId, request.personId), eq(memberships.memberClass, 'investor')));
      if (m && !['left', 'removed'].includes(m.state)) {
        await ctx.tx.update(memberships).set({ state: 'left', endedAt: ctx.now, updatedAt: ctx.now }).where(eq(memberships.id, m.id));
        await recordChange(ctx, m.id, m.state, 'left', 'All shares withdrawn');
      }
    }
  }
  await ctx.emit({ type: `shares.withdrawal-${raw.step === 'approve' ? 'approved' : 'paid'}`, subjectType: 'person', subjectId: request.personId });
}

/** The share register: each investor's capital, reconciled to the sum of all movements. */
export async function shareRegister(db: Ctx['tx']) {
  const rows = await db
    .select({
      personId: shareMovements.personId,
      name: people.name,
      bought: sql<number>`coalesce(sum(${shareMovements.amountPence}) filter (where ${shareMovements.kind} = 'buy'), 0)::bigint`,
      withdrawn: sql<number>`coalesce(sum(${shareMovements.amountPence}) filter (where ${shareMovements.kind} = 'withdrawn'), 0)::bigint`,
    })
    .from(shareMovements)
    .innerJoin(people, eq(people.id, shareMovements.personId))
    .groupBy(shareMovements.personId, people.name)
    .orderBy(people.name);
  const holders = rows.map((r) => ({ ...r, bought: Number(r.bought), withdrawn: Number(r.withdrawn), balance: Number(r.bought) - Number(r.withdrawn) }));
  const [totals] = await db
    .select({ net: sql<number>`coalesce(sum(case when ${shareMovements.kind} = 'buy' then ${shareMovements.amountPence} when ${shareMovements.kind} = 'withdrawn' then -${shareMovements.amountPence} else 0 end), 0)::bigint` })
    .from(shareMovements);
  return { holders, total: holders.reduce((s, h) => s + h.balance, 0), movementsNet: Number(totals?.net ?? 0) };
}

/**
 * A page of the share register in name order (ADR 0029): at most `limit` investors after or
 * before a cursor of (name, person id), each with their totals, and the register's total beside
 * the net of every movement (two sums over the movements, however many investors there are).
 */
export async function shareRegisterPage(db: Ctx['tx'], from: From, limit = 100) {
  const page = keyset(people.name, people.id, from, 'asc');
  const investors = db.selectDistinct({ id: shareMovements.personId }).from(shareMovements);
  const found = await db.select({ personId: people.id, name: people.name }).from(people).where(and(sql`${people.id} IN ${investors}`, page.where)).orderBy(...page.orderBy).limit(limit + 1);
  const { rows, prev, next } = pageOf(found, from, limit, (r) => ({ at: r.name, id: r.personId }));
  const sums = rows.length
    ? await db
      .select({
        personId: shareMovements.personId,
        bought: sql<number>`coalesce(sum(${shareMovements.amountPence}) filter (where ${shareMovements.kind} = 'buy'), 0)::bigint`,
        withdrawn: sql<number>`coalesce(sum(${shareMovements.amountPence}) filter (where ${shareMovements.kind} = 'withdrawn'), 0)::bigint`,
      })
      .from(shareMovements)
      .where(sql`${shareMovements.personId} = ANY(${sql.param(rows.map((r) => r.personId))}::uuid[])`)
      .groupBy(shareMovements.personId)
    : [];
  const byPerson = new Map(sums.map((s) => [s.personId, s]));
  const holders = rows.map((r) => {
    const s = byPerson.get(r.personId);
    const bought = Number(s?.bought ?? 0);
    const withdrawn = Number(s?.withdrawn ?? 0);
    return { personId: r.personId, name: r.name, bought, withdrawn, balance: bought - withdrawn };
  });
  const net = sql`sum(case when ${shareMovements.kind} = 'buy' then ${shareMovements.amountPence} when ${shareMovements.kind} = 'withdrawn' then -${shareMovements.amountPence} else 0 end)`;
  // The register's total is its investors' holdings (movements of a known person); the net is every movement's.
  const [totals] = await db
    .select({ held: sql<number>`coalesce(${net} filter (where ${people.id} IS NOT NULL), 0)::bigint`, all: sql<number>`coalesce(${net}, 0)::bigint` })
    .from(shareMovements)
    .leftJoin(people, eq(people.id, shareMovements.personId));
  return { holders, prev, next, total: Number(totals?.held ?? 0), movementsNet: Number(totals?.all ?? 0) };
}
