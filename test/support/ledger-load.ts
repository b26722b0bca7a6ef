// People with API tokens and credits, and the JSON transfer request, shared by the resilience
// test and the ledger's benchmark (bench/ledger.ts).
import { randomUUID } from 'node:crypto';
import { createApiToken } from '../../src/modules/people/commands/api-tokens.ts';
import { createPerson } from '../../src/modules/people/commands/create-person.ts';
import { fund } from '../../src/modules/credits/test-support.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { run } from '../../src/platform/context.ts';
import type { Database } from '../../src/platform/db.ts';
import { type ApiCall, callApi, post } from './api-load.ts';

export interface Holder { personId: string; token: string }
export interface Sent extends ApiCall { body: Record<string, unknown>; key: string; transferId?: string }

/** An admin (who may record earnings) and `count` people holding `minutes` each, all with API tokens. */
export async function ledgerPeople(database: Database, count: number, minutes: number): Promise<{ admin: Holder; holders: Holder[] }> {
  const deps = { database, clock: systemClock };
  const run_ = randomUUID().slice(0, 8);
  const make = async (name: string, isAdmin = false): Promise<Holder> => {
    const { personId } = await run(deps, null, createPerson, { email: `${name}-${run_}@load.test`, name, password: 'a long load-test password', isAdmin });
    const { token } = await run(deps, { personId, name, isAdmin, via: 'session' }, createApiToken, { label: 'load test' });
    return { personId, token };
  };
  const admin = await make('admin', true);
  const holders: Holder[] = [];
  for (let i = 0; i < count; i++) {
    const h = await make(`holder${i}`);
    await fund(deps, h.personId, minutes);
    holders.push(h);
  }
  return { admin, holders };
}

/** A gift of a quarter credit from one holder to another, with a fresh idempotency key. */
export const gift = (from: Holder, to: Holder): Sent =>
  post(from.token, '/api/v1/credits/gifts', { toPersonId: to.personId, amount: '0.25', message: 'load' }, randomUUID()) as Sent;

/** New credits recorded by the admin, as the circle that benefited confirmed them. */
export const earning = (admin: Holder, to: Holder): Sent =>
  post(admin.token, '/api/v1/credits/earnings', { personId: to.personId, amount: '0.25', referenceType: 'activity', referenceId: randomUUID() }, randomUUID()) as Sent;

/** POST the request (again, with the same key on a retry); records the status and transfer id. */
export async function send(base: string, s: Sent): Promise<void> {
  await callApi(base, s);
  s.transferId = (s.json as { transfer?: { id: string } }).transfer?.id;
}
