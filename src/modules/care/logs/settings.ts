import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { NotAllowed, NotFound } from '../../../platform/errors.ts';
import { parseInput } from '../../../platform/validate.ts';
import { isInTeam, isOwnerSide } from '../policy.ts';
import { careSettings } from '../schema.ts';
import { type AutoConfirm, autoConfirmFor, scheduleAutoConfirmNow } from './jobs.ts';
import { logFacts } from './policy.ts';

export const MAX_AUTO_CONFIRM_DAYS = 30;
const daysMessage = `Enter a whole number of days from 0 to ${MAX_AUTO_CONFIRM_DAYS}, or leave it empty to use the co-op's setting`;

export const autoConfirmInput = z.object({
  autoConfirmDays: z.preprocess(
    (v) => (v === '' || v === null || v === undefined ? null : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: daysMessage }).int(daysMessage).min(0, daysMessage).max(MAX_AUTO_CONFIRM_DAYS, daysMessage).nullable(),
  ),
});

/** The owner's side sets whether the team's logs confirm themselves after N days with no response. */
export async function setAutoConfirm(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<AutoConfirm> {
  const actor = requireActor(ctx.actor);
  const facts = await logFacts(ctx.tx, raw.teamId, ctx.now);
  if (!isInTeam(actor, facts)) throw new NotFound('That team was not found.');
  if (!isOwnerSide(actor, facts)) throw new NotAllowed("Only the team's owner or their advocate sets auto-confirm.");
  const v = parseInput(autoConfirmInput, raw);
  await ctx.tx
    .insert(careSettings)
    .values({ teamId: facts.team.id, autoConfirmDays: v.autoConfirmDays, updatedBy: actor.personId, updatedAt: ctx.now })
    .onConflictDoUpdate({ target: careSettings.teamId, set: { autoConfirmDays: v.autoConfirmDays, updatedBy: actor.personId, updatedAt: ctx.now } });
  const now = await autoConfirmFor(ctx.tx, facts.team.id);
  if (now.days > 0) await scheduleAutoConfirmNow(ctx.tx, ctx.now, facts.team.id);
  const chatText = now.days > 0 ? `${actor.name} set care logs to confirm themselves after ${now.days} days with no response.` : `${actor.name} turned off automatic confirmation of care logs.`;
  await ctx.emit({ type: 'team.care-auto-confirm-set', subjectType: 'circle', subjectId: facts.team.id, data: { days: v.autoConfirmDays, chatText } });
  return now;
}
