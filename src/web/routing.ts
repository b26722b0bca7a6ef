import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
export { parseInput } from '../platform/validate.ts';
import { checkAudience } from '../platform/authz.ts';

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
  handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/** The table of every route, kept on the app so tests can walk it. */
export function routeTable(app: FastifyInstance): RouteDef[] {
  return (app as unknown as { routeDefs: RouteDef[] }).routeDefs;
}

export function addRoute(app: FastifyInstance, def: RouteDef): void {
  routeTable(app).push(def);
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
    handler: def.handler,
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
