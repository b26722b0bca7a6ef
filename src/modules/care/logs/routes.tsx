import type { FastifyInstance } from 'fastify';

// PLACEHOLDER: replaced by the logs routes.
export function registerCareLogRoutes(_app: FastifyInstance): void {}
