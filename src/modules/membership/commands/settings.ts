import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotAllowed } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { logbookEntries } from '../../circles/schema.ts';
import { isSecretary } from '../policy.ts';
import { coopSettings } from '../schema.ts';
import { membersCircleId, settingDefaults } from '../settings.ts';

const bp = z.coerce.number({ error: 'Enter a number' }).int('Enter a whole number').min(0, 'Enter 0 or more').max(10000, 'Enter at most 10000 (100%)');
const settingValues = {
  investorCapBasisPoints: bp,
  investorWeighting: z.enum(['equal', 'shares'], { error: 'Choose equal or shares' }),
  commonsDeductedBasisPoints: bp,
  commonsAddedBasisPoints: bp,
  autoConfirmDays: z.coerce.number({ error: 'Enter a number of days' }).int().min(0, 'Enter 0 (off) or more days').max(90, 'Enter at most 90 days'),
  silenceIsConsent: z.enum(['true', 'false'], { error: 'Choose yes or no' }).transform((v) => v === 'true'),
} as const;

export const settingInput = z.object({
  key: z.enum(Object.keys(settingValues) as [keyof typeof settingValues], { error: 'Choose a setting' }),
  value: z.string({ error: 'Enter the new value' }).trim().min(1, 'Enter the new value'),
  decisionId: z.string({ error: "Choose the members' decision that makes this change" }),
});

/**
 * The members decide these settings: a change is made only on the strength of an adopted
 * decision in the Members' Circle's logbook (a consent decision or a resolution's result),
 * which the setting row then cites.
 */
export async function changeSetting(ctx: Ctx, raw: Record<string, unknown>): Promise<void> {
  if (!(await isSecretary(ctx.tx, ctx.actor, ctx.now))) throw new NotAllowed("Only the Members' Circle's Secretary records a settings change.");
  const v = parseInput(settingInput, raw);
  const parsed = settingValues[v.key].safeParse(v.value);
  if (!parsed.success) throw new Invalid({ value: parsed.error.issues[0]?.message ?? 'That value is not allowed' });
  const circleId = await membersCircleId(ctx.tx);
  const [decision] = isUuid(v.decisionId) && circleId
    ? await ctx.tx.select().from(logbookEntries).where(and(eq(logbookEntries.id, v.decisionId), eq(logbookEntries.circleId, circleId), eq(logbookEntries.state, 'in_force')))
    : [];
  if (!decision || decision.kind !== 'decision') throw new Invalid({ decisionId: "Choose an adopted decision of the Members' Circle that makes this change" });
  await ctx.tx
    .insert(coopSettings)
    .values({ key: v.key, value: parsed.data, decisionEntryId: decision.id, changedAt: ctx.now })
    .onConflictDoUpdate({ target: coopSettings.key, set: { value: parsed.data, decisionEntryId: decision.id, changedAt: ctx.now } });
  await ctx.emit({ type: 'settings.changed', subjectType: 'setting', subjectId: v.key, data: { value: parsed.data, from: settingDefaults[v.key], decisionId: decision.id } });
}
