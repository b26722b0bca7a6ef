import type { FastifyInstance } from 'fastify';
import { registerConcernPages } from './routes.tsx';
import { registerConcernsApi } from './routes-api.ts';
import { registerConflictPages } from './routes-conflicts.tsx';

/** Every concerns and conflict-support route, registered by src/web/modules.ts. */
export function registerConcerns(app: FastifyInstance): void {
  registerConcernPages(app);
  registerConflictPages(app);
  registerConcernsApi(app);
}
