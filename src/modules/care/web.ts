import type { FastifyInstance } from 'fastify';
import { registerCareLogRoutes } from './logs/routes.tsx';
import { registerMedicationRoutes } from './medication/routes.tsx';
import { registerMoneyRoutes } from './money/routes.tsx';
import { registerNotesRoutes } from './notes/routes.tsx';
import { registerRecordsRoutes } from './records/routes.tsx';
import { registerVisitRoutes } from './visits/routes.tsx';

/** The care module's pages and API: visits, care logs, notes, medication, who has seen, money. */
export function registerCare(app: FastifyInstance): void {
  registerVisitRoutes(app);
  registerCareLogRoutes(app);
  registerNotesRoutes(app);
  registerMedicationRoutes(app);
  registerRecordsRoutes(app);
  registerMoneyRoutes(app);
}
