import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAccess } from '../../../platform/access-log.ts';
import { requireActor } from '../../../platform/authz.ts';
import { HOUR } from '../../../platform/clock.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotAllowed } from '../../../platform/errors.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { people } from '../../people/schema.ts';
import { teamFacts } from '../../teams/policy.ts';
import { GRANT_HOURS, RECORDS_OPENED, grantReason, openablePurposes, openableTeams, specialPurposes } from './policy.ts';

export const RECORDS_OPENED_RECORD = 'records_opened';

export const openRecordsInput = z.object({
  teamId: z.uuid({ error: 'Choose a team' }),
  purpose: z.enum(specialPurposes, { error: 'Choose why you need to open the records' }),
  reason: z
    .string({ error: 'Write why you need to read these records' })
    .trim()
    .min(10, 'Write why you need to read these records, in at least 10 characters')
    .max(1000, 'Please keep the reason to 1000 characters or fewer'),
});

/**
 * Special access: a Safeguarding Lead or Coach (safeguarding), or a co-op admin (quality audit,
 * or acting for a regulator), opens one team's notes, logs and MAR for 24 hours with a written
 * reason. The opening is itself in the access log, the grant is the event, and the owner and
 * their advocate are told at once, with the reason.
 */
export async function openRecords(ctx: Ctx, raw: Record<string, unknown>): Promise<{ until: Date }> {
  const actor = requireActor(ctx.actor);
  if ((await openablePurposes(ctx.tx, actor, ctx.now)).length === 0) throw new NotAllowed("Only a team's Safeguarding Lead, the Local Circle's Coach, or a co-op admin may open a team's records.");
  const v = parseInput(openRecordsInput, raw);
  const [team] = await openableTeams(ctx.tx, actor, ctx.now, { only: v.teamId, limit: 1 });
  if (!team) throw new Invalid({ teamId: 'Choose a team from the list' });
  if (!team.purposes.includes(v.purpose)) {
    throw new Invalid({ purpose: v.purpose === 'safeguarding' ? "Only the team's Safeguarding Lead or the Local Circle's Coach opens records for safeguarding" : 'Only a co-op admin opens records for a quality audit or a regulator' });
  }
  const facts = await teamFacts(ctx.tx, team.id, ctx.now);
  const until = new Date(ctx.now.getTime() + GRANT_HOURS * HOUR);
  const reason = grantReason({ purpose: v.purpose, reason: v.reason });
  await recordAccess(ctx.tx, ctx.now, { actorId: actor.personId, recordType: RECORDS_OPENED_RECORD, recordId: team.id, ownerId: facts.team.ownerId, reason });
  const [owner] = await ctx.tx.select({ name: people.name }).from(people).where(eq(people.id, facts.team.ownerId));
  await notify(ctx.tx, ctx.now, [facts.team.ownerId], { text: `${actor.name} opened your records for ${reason}`, href: '/records/access' });
  if (facts.advocateId) {
    await notify(ctx.tx, ctx.now, [facts.advocateId], { text: `${actor.name} opened ${owner?.name ?? 'the owner'}'s records for ${reason}`, href: `/records/access?owner=${facts.team.ownerId}` });
  }
  // Not a 'team.' event: nothing of this reaches the team chat.
  await ctx.emit({ type: RECORDS_OPENED, subjectType: 'circle', subjectId: team.id, data: { personId: actor.personId, teamId: team.id, purpose: v.purpose, reason: v.reason, until: until.toISOString() } });
  return { until };
}
