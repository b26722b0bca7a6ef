import type { FastifyInstance } from 'fastify';
import { registerCircleRoutes } from '../modules/circles/routes.tsx';
import { registerProposalRoutes } from '../modules/decisions/routes.tsx';
import { registerLogbookRoutes, registerReviewReminders } from '../modules/circles/logbook-routes.tsx';
import { registerAppealRoutes } from '../modules/decisions/appeals/routes.tsx';
import { registerCircleManagementRoutes } from '../modules/circles/routes-manage.tsx';
import { registerMembershipRoutes } from '../modules/membership/routes.tsx';
import { registerSelectionRoutes } from '../modules/circles/selection/routes.tsx';
import { registerMeetingRoutes } from '../modules/circles/meetings/routes.tsx';
import { registerAccountRoutes } from '../modules/people/routes-account.tsx';
import { registerPeopleApi } from '../modules/people/routes-api.ts';
import { registerAuthRoutes } from '../modules/people/routes.tsx';
import { registerPlatformRoutes } from './platform-routes.tsx';
import { registerCredits } from '../modules/credits/web.ts';
import { registerConcerns } from '../modules/concerns/web.ts';
import { registerChat } from '../modules/chat/web.ts';
import { registerTeamRoutes } from '../modules/teams/routes.tsx';
import { registerCareMap } from '../modules/teams/care-map/routes.tsx';
import { registerStarter } from '../modules/starter/routes.tsx';
import { registerMatching } from '../modules/matching/web.ts';
import { registerCare } from '../modules/care/web.ts';
import { registerSurvey } from '../modules/survey/web.ts';

/** Each module adds its routes here; the app factory calls this once. */
export async function registerModuleRoutes(app: FastifyInstance): Promise<void> {
  registerAuthRoutes(app);
  registerAccountRoutes(app);
  registerPeopleApi(app);
  registerCircleRoutes(app);
  registerCircleManagementRoutes(app);
  registerSelectionRoutes(app);
  registerMeetingRoutes(app);
  registerProposalRoutes(app);
  registerLogbookRoutes(app);
  registerAppealRoutes(app);
  registerReviewReminders();
  registerMembershipRoutes(app);
  registerCredits(app);
  registerConcerns(app);
  registerChat(app);
  registerTeamRoutes(app);
  registerCareMap(app);
  registerStarter(app);
  registerMatching(app);
  registerCare(app);
  registerSurvey(app);
  registerPlatformRoutes(app);
}
