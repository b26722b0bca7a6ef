import type { FastifyInstance } from 'fastify';

// PLACEHOLDER: replaced by the medication routes.
export function registerMedicationRoutes(_app: FastifyInstance): void {}
