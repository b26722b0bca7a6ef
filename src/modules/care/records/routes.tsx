import type { FastifyInstance } from 'fastify';

// PLACEHOLDER: replaced by the records routes.
export function registerRecordsRoutes(_app: FastifyInstance): void {}
