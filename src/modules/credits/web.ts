import type { FastifyInstance } from 'fastify';
import { registerCreditRoutes } from './routes.tsx';
import { registerCreditsApi } from './routes-api.ts';
import { registerPoolRoutes } from './routes-pools.tsx';
import { registerChooserRoutes } from './routes-choose.tsx';

/** Every credits page and API route, registered by src/web/modules.ts. */
export function registerCredits(app: FastifyInstance): void {
  registerCreditRoutes(app);
  registerPoolRoutes(app);
  registerChooserRoutes(app);
  registerCreditsApi(app);
}
