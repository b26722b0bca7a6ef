// Factories shared by the credits tests (not a test file itself).
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/authz.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Ctx, run } from '../../platform/context.ts';
import type { Database } from '../../platform/db.ts';
import { recordLogbookEntry } from '../circles/commands/record-logbook-entry.ts';
import { adoptedDecision } from '../decisions/mandates/test-support.ts';
import { createPool } from './commands/create-pool.ts';
import { earnCredits } from './commands/earn-credits.ts';

export type Deps = { database: Database; clock: Clock };
export const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'System', isAdmin: true, via: 'system' };
export const actorOf = (p: { personId: string; name?: string }): Actor => ({ personId: p.personId, name: p.name ?? 'Someone', isAdmin: false, via: 'session' });

/** Give a person credits the way volunteering does: earned from the issuance account. */
export async function fund(deps: Deps, personId: string, minutes: number) {
  return run(deps, system, (ctx: Ctx) => earnCredits(ctx, { personId, minutes, referenceType: 'activity', referenceId: randomUUID() }), {});
}

/** A logbook entry in a circle (a decision or policy in force unless told otherwise). */
export async function logbookEntry(deps: Deps, circleId: string, kind: 'decision' | 'policy' | 'minutes' = 'policy', title = 'Welcome gifts from the pool') {
  const { entryId } = await run(deps, system, (ctx: Ctx) => recordLogbookEntry(ctx, { circleId, kind, title, text: title, authorId: null, reviewDate: null }), {});
  return entryId;
}

/** A pool in the circle with an adopted decision whose mandate allows payments from it within the limits (in credits). */
export async function poolWithAllowance(deps: Deps, circleId: string, perPayment: number, total: number, terms: Record<string, unknown> = {}) {
  const { poolId } = await run(deps, system, createPool, { circleId, name: `Pool ${randomUUID().slice(0, 8)}` });
  const effect = { kind: 'allow_pool_payments', poolId, purpose: 'Welcome gifts', recipients: 'circle', perPaymentLimit: perPayment, totalLimit: total, ...terms };
  const { entryId } = await adoptedDecision(deps, circleId, [effect], 'Welcome gifts from the pool');
  return { poolId, entryId };
}
