import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
export { parseInput } from '../platform/validate.ts';
import { checkAudience } from '../platform/authz.ts';
import { storeAnswer, withIdempotency } from '../platform/idempotency.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef {
  method: Method;
  url: string;
  /** The authorisation action this route needs; see platform/authz.ts. */
  action: string;
  kind: 'page' | 'api';
  summary: string;
  /** Body schema: used to validate, to write the OpenAPI document and by the hostile-input test. */
  body?: z.ZodType;
  /** The answer holds a secret shown once (a token): a retry under its Idempotency-Key is told it was made, not shown it again. */
  answerShownOnce?: true;
  /** The command makes a retry safe itself and answers it (credit transfers: key or reference stored on the transfer row). */
  ownIdempotency?: true;
  handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/** The table of every route, kept on the app so tests can walk it. */
export function routeTable(app: FastifyInstance): RouteDef[] {
  return (app as unknown as { routeDefs: RouteDef[] }).routeDefs;
}

/** A command that takes the key in its input stores it itself (credit transfers keep it on the transfer row). */
const takesOwnKey = (def: Pick<RouteDef, 'body' | 'ownIdempotency'>): boolean =>
  def.ownIdempotency === true || Boolean((def.body as { shape?: Record<string, unknown> } | undefined)?.shape?.idempotencyKey);

/** JSON API POSTs honour the Idempotency-Key header (platform/idempotency.ts), every module alike. */
export const honoursIdempotencyKey = (def: Pick<RouteDef, 'method' | 'kind' | 'url' | 'body' | 'ownIdempotency'>): boolean =>
  def.method === 'POST' && def.kind === 'api' && def.url.startsWith('/api/v1/') && !takesOwnKey(def);

export function addRoute(app: FastifyInstance, def: RouteDef): void {
  routeTable(app).push(def);
  const keyed = honoursIdempotencyKey(def);
  const db = app.deps.database.db;
  const now = () => app.deps.clock.now();
  app.route({
    method: def.method,
    url: def.url,
    config: { action: def.action, kind: def.kind },
    // Page forms carry a CSRF token; API calls authenticated by the session cookie send it as a
    // header. A bearer token or no credentials at all carry nothing a forged request could use.
    preValidation: def.method === 'GET' ? undefined : (req, reply, done) => {
      if (def.kind === 'api' && req.actor?.via !== 'session') return done();
      app.csrfProtection(req, reply, done);
    },
    preHandler: async (req) => {
      checkAudience(def.action, req.actor);
    },
    handler: keyed
      ? (req, reply) => withIdempotency(db, req, reply, { answerShownOnce: def.answerShownOnce === true }, () => def.handler(req, reply))
      : def.handler,
    ...(keyed
      ? {
          preSerialization: async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
            await storeAnswer(db, req, reply.statusCode, payload, now());
            return payload;
          },
          onResponse: async (req: FastifyRequest, reply: FastifyReply) => storeAnswer(db, req, reply.statusCode, undefined, now()),
        }
      : {}),
  });
}

/** Form bodies: drop the CSRF field and turn a lone string into the value itself. */
export function formBody(req: FastifyRequest): Record<string, unknown> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const { _csrf, ...rest } = body;
  return rest;
}

/** A JSON body as an object; anything else (an array, a string, nothing) reads as empty, so the command's validation reports it. */
export function jsonBody(req: FastifyRequest): Record<string, unknown> {
  const body = req.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** The `:id` of a route's path (its command checks the shape and says "not found"). */
export const idParam = (req: FastifyRequest): string => (req.params as { id: string }).id;
