import type { FastifyInstance } from 'fastify';

// PLACEHOLDER: replaced by the money routes.
export function registerMoneyRoutes(_app: FastifyInstance): void {}
