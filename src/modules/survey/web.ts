import type { FastifyInstance } from 'fastify';
import { registerSurveyApi } from './api.ts';
import { registerSurveyCirclePages } from './circle-pages.tsx';
import { registerSurveyRoundPages } from './routes.tsx';
import './closing.ts';

/** Every survey route, registered by src/web/modules.ts (closing.ts registers the survey's jobs). */
export function registerSurvey(app: FastifyInstance): void {
  registerSurveyRoundPages(app);
  registerSurveyCirclePages(app);
  registerSurveyApi(app);
}
