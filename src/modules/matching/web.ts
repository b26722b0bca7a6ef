import type { FastifyInstance } from 'fastify';
import { registerCallOutRoutes } from './routes-call-outs.tsx';
import { registerMatchingRoutes } from './routes-matching.tsx';
import { registerProfileRoutes } from './routes-profile.tsx';

/** Giving Support Profiles, search, call-outs and introductions, registered by src/web/modules.ts. */
export function registerMatching(app: FastifyInstance): void {
  registerProfileRoutes(app);
  registerMatchingRoutes(app);
  registerCallOutRoutes(app);
}
