import type { FastifyInstance } from 'fastify';

// PLACEHOLDER: replaced by the visits routes.
export function registerVisitRoutes(_app: FastifyInstance): void {}
