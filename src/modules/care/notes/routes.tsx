import type { FastifyInstance } from 'fastify';

// PLACEHOLDER: replaced by the notes routes.
export function registerNotesRoutes(_app: FastifyInstance): void {}
