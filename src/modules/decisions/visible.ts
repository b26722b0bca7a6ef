import type { FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { t } from '../../web/i18n.ts';
import { canSeeCircle } from '../circles/policy.ts';
import { circleMembership, getCircle } from '../circles/queries.ts';
import { proposalDetail } from './queries.ts';

/** The proposal at `:id`, if the asker may see its circle; otherwise "not found" (every proposal route asks this). */
export async function visibleProposal(db: Db, req: FastifyRequest, now: Date) {
  const actor = requireActor(req.actor);
  const { id } = req.params as { id: string };
  const d = isUuid(id) ? await proposalDetail(db, id) : null;
  const circle = d ? await getCircle(db, d.proposal.circleId) : null;
  if (!d || !circle) throw new NotFound(t('That proposal was not found.'));
  const members = await circleMembership(db, circle.id, now);
  if (!canSeeCircle(actor, circle, members.some((m) => m.personId === actor.personId))) throw new NotFound(t('That proposal was not found.'));
  return { d, circle, members, actor };
}
