// Idempotency keys for the JSON API, shared by every module (issue 18). A client sends an
// Idempotency-Key header with a POST; a retry with the same key and the same request gets the
// first answer back (status and body, marked Idempotent-Replayed) and the command does not run
// again; the same key with another request is refused. Keys belong to the person sending them.
//
// Exactly once, even across a crash: the key's row is written by run() (context.ts) in the
// SAME transaction as the command, so a key exists exactly when its change does. Two requests
// with one key at once: the second's insert waits on the first's row and then finds it taken,
// its own transaction rolls back (nothing made) and it answers with the first one's answer.
// The answer itself is stored just after the commit, before it is sent. Credit transfers keep
// their own scheme (the key is stored on the transfer row; src/modules/credits/ledger.ts).
import { AsyncLocalStorage } from 'node:async_hooks';
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from './db.ts';
import { Conflict, Invalid } from './errors.ts';
import { sha256 } from './ids.ts';
import { registerRecurringJob } from './jobs.ts';
import { idempotencyKeys } from './schema.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long a key is kept; a retry later than this runs as a new request. */
export const KEEP_KEYS_MS = 7 * 24 * 60 * 60 * 1000;
/** How long a retry waits for the first request's answer to be stored before giving up with 409. */
const WAIT_FOR_ANSWER_MS = 5_000;

export class KeyReusedForAnotherRequest extends Invalid {
  constructor(method: string, path: string) {
    super(
      { idempotencyKey: `This Idempotency-Key was already used for a different request (${method} ${path}). Send a new key with a new request.` },
      'This Idempotency-Key was already used for a different request. Send a new key with a new request.',
    );
  }
}

/** A request under a key, from the route wrapper to run() and back. */
interface Claim {
  actorId: string;
  key: string;
  method: string;
  path: string;
  hash: string;
  /** pending: no transaction has taken the key yet; taking: one is about to commit; taken: committed. */
  state: 'pending' | 'taking' | 'taken';
  answerShownOnce: boolean;
  stored: boolean;
}

const scope = new AsyncLocalStorage<Claim>();
const claims = new WeakMap<FastifyRequest, Claim>();

/** Thrown inside run()'s transaction when another request took the key first; never reaches the client. */
class TakenMeanwhile extends Error {}

/** Objects with their keys sorted, so {a, b} and {b, a} are the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function readKey(req: FastifyRequest): string | null {
  const header = req.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return null;
  const key = Array.isArray(header) ? header.join(',') : header;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new Invalid({ idempotencyKey: 'The Idempotency-Key header must be 1 to 200 letters, digits or symbols, without spaces.' });
  }
  return key;
}

/**
 * Called by run() inside its transaction, before the command: the first transaction of a
 * keyed request writes the key's row, which commits or rolls back with the command's change.
 * Returns what run() calls once the transaction has committed, or has failed.
 */
export async function takeKey(tx: Tx, now: Date): Promise<((committed: boolean) => void) | null> {
  const claim = scope.getStore();
  if (!claim || claim.state !== 'pending') return null;
  claim.state = 'taking';
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ actorId: claim.actorId, key: claim.key, method: claim.method, path: claim.path, requestHash: claim.hash, createdAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key })
    .catch((error: unknown) => {
      claim.state = 'pending';
      throw error;
    });
  if (inserted.length === 0) {
    claim.state = 'pending';
    throw new TakenMeanwhile();
  }
  return (committed) => {
    claim.state = committed ? 'taken' : 'pending';
  };
}

type Row = typeof idempotencyKeys.$inferSelect;

const find = async (db: Db, actorId: string, key: string): Promise<Row | undefined> =>
  (await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, key))))[0];

/** The first request's answer, waiting a little if it committed but has not stored it yet. */
async function replay(db: Db, claim: Pick<Claim, 'actorId' | 'key' | 'hash'>, reply: FastifyReply, first: Row | undefined): Promise<FastifyReply> {
  let row = first;
  const deadline = Date.now() + WAIT_FOR_ANSWER_MS;
  while (row && row.status === null && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    row = await find(db, claim.actorId, claim.key);
  }
  if (!row) throw new Conflict('Another request with this Idempotency-Key was being made at the same time. Send it again to get its answer.');
  if (row.requestHash !== claim.hash) throw new KeyReusedForAnotherRequest(row.method, row.path);
  if (row.status === null) {
    throw new Conflict('A request with this Idempotency-Key was carried out, but its answer is not available (it is still being made, or the server stopped before storing it). Look the result up instead of sending it again.');
  }
  if (row.answer === null && row.withheld) {
    throw new Conflict('A request with this Idempotency-Key was carried out already. Its answer held a secret shown only once, so it was not kept: look the result up instead.');
  }
  reply.status(row.status).header('idempotent-replayed', 'true');
  if (row.answer === null) return reply.send();
  return reply.type('application/json; charset=utf-8').send(row.answer);
}

/**
 * The route wrapper (src/web/routing.ts): with a key, replay an earlier answer or run the
 * handler with the key in scope for run(). Without a key, or without a signed-in actor (keys
 * belong to a person), the handler runs as it is.
 */
export async function withIdempotency(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  options: { answerShownOnce: boolean },
  handler: () => Promise<unknown>,
): Promise<unknown> {
  const key = readKey(req);
  const actorId = req.actor?.personId;
  if (key === null || !actorId) return handler();
  const path = req.url;
  const hash = sha256(JSON.stringify([req.method, path, canonical(req.body ?? null)]));
  const earlier = await find(db, actorId, key);
  if (earlier) return replay(db, { actorId, key, hash }, reply, earlier);
  const claim: Claim = { actorId, key, method: req.method, path, hash, state: 'pending', answerShownOnce: options.answerShownOnce, stored: false };
  claims.set(req, claim);
  try {
    return await scope.run(claim, handler);
  } catch (error) {
    if (!(error instanceof TakenMeanwhile)) throw error;
    claims.delete(req);
    return replay(db, claim, reply, await find(db, actorId, key));
  }
}

/**
 * Store the answer of a request whose key was taken (route preSerialization, and onResponse
 * for an answer without a body). A handler that wrote without run() took no key in its
 * transaction: its successful answer is recorded now, so a retry is still answered from it.
 */
export async function storeAnswer(db: Db, req: FastifyRequest, status: number, payload: unknown, now: Date): Promise<void> {
  const claim = claims.get(req);
  if (!claim || claim.stored) return;
  if (claim.state === 'pending' && (status < 200 || status >= 300)) return;
  claim.stored = true;
  const withheld = claim.answerShownOnce;
  const answer = withheld || payload === undefined ? null : JSON.stringify(payload);
  if (claim.state === 'pending') {
    await db.insert(idempotencyKeys)
      .values({ actorId: claim.actorId, key: claim.key, method: claim.method, path: claim.path, requestHash: claim.hash, createdAt: now, status, answer, withheld })
      .onConflictDoNothing();
    return;
  }
  await db.update(idempotencyKeys).set({ status, answer, withheld }).where(and(eq(idempotencyKeys.actorId, claim.actorId), eq(idempotencyKeys.key, claim.key)));
}

/** Keys older than KEEP_KEYS_MS are pruned every hour. */
registerRecurringJob('platform.prune-idempotency-keys', 60 * 60 * 1000, async ({ tx, now }) => {
  await tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - KEEP_KEYS_MS)));
});
