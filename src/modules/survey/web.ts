import type { FastifyInstance } from 'fastify';
import { registerSurveyApi } from './api.ts';
import { registerSurveyCirclePages } from './circle-pages.tsx';
import { registerSurveyRoundPages } from './routes.tsx';
import { addNavLink } from '../../web/views/places.ts';
import './closing.ts';

addNavLink({ place: 'coop', href: '/survey', label: 'Surveys', hint: 'The social climate surveys open for you, and your circles’ rounds and results.', within: ['/survey/rounds'] });

/** Every survey route, registered by src/web/modules.ts (closing.ts registers the survey's jobs). */
export function registerSurvey(app: FastifyInstance): void {
  registerSurveyRoundPages(app);
  registerSurveyCirclePages(app);
  registerSurveyApi(app);
}
