import { z } from 'zod';
import type { Ctx } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { Invalid, NotAllowed } from '../../../platform/errors.ts';
import { parseInput } from '../../../platform/validate.ts';
import { useOnce } from '../../decisions/mandates/use.ts';
import { surveySettingClash, surveySettingValues } from '../../survey/rules.ts';
import { isSecretary } from '../policy.ts';
import { coopSettings } from '../schema.ts';
import { membersCircleId, settingDefaults } from '../settings.ts';

const bp = z.coerce.number({ error: 'Enter a number' }).int('Enter a whole number').min(0, 'Enter 0 or more').max(10000, 'Enter at most 10000 (100%)');
/** Each setting's value as typed, checked and converted (a mandate's change_setting effect uses the same). */
export const settingValues = {
  investorCapBasisPoints: bp,
  investorWeighting: z.enum(['equal', 'shares'], { error: 'Choose equal or shares' }),
  commonsDeductedBasisPoints: bp,
  commonsAddedBasisPoints: bp,
  autoConfirmDays: z.coerce.number({ error: 'Enter a number of days' }).int().min(0, 'Enter 0 (off) or more days').max(90, 'Enter at most 90 days'),
  silenceIsConsent: z.enum(['true', 'false'], { error: 'Choose yes or no' }).transform((v) => v === 'true'),
  joinRequestCoolingOffDays: z.coerce.number({ error: 'Enter a number of days' }).int('Enter whole days').min(0, 'Enter 0 (no wait) or more days').max(365, 'Enter at most 365 days'),
  careRecordRetentionYears: z.coerce.number({ error: 'Enter a number of years' }).int('Enter whole years').min(1, 'Enter at least 1 year').max(100, 'Enter at most 100 years'),
  ...surveySettingValues,
} as const;

/** A value that is fine alone but not beside the settings in force (the survey's cut-offs out of order): its message, or null. */
export const settingClash = (db: Db, key: string, value: unknown): Promise<string | null> => surveySettingClash(db, key, value);

export const settingInput = z.object({
  key: z.enum(Object.keys(settingValues) as [keyof typeof settingValues], { error: 'Choose a setting' }),
  value: z.string({ error: 'Enter the new value' }).trim().min(1, 'Enter the new value'),
  decisionId: z.string({ error: "Choose the members' decision that makes this change" }),
});

/**
 * The members decide these settings. A change is made by adopting a decision of the Members'
 * Circle whose mandate says "set this key to this value" (applied on adoption: applySetting).
 * Recording a change by hand is accepted only on such a decision whose effect has not been
 * used, so the same key and value, never another setting, and never twice.
 */
export async function changeSetting(ctx: Ctx, raw: Record<string, unknown>): Promise<void> {
  if (!(await isSecretary(ctx.tx, ctx.actor, ctx.now))) throw new NotAllowed("Only the Members' Circle's Secretary records a settings change.");
  const v = parseInput(settingInput, raw);
  const parsed = settingValues[v.key].safeParse(v.value);
  if (!parsed.success) throw new Invalid({ value: parsed.error.issues[0]?.message ?? 'That value is not allowed' });
  const clash = await settingClash(ctx.tx, v.key, parsed.data);
  if (clash) throw new Invalid({ value: clash });
  const circleId = await membersCircleId(ctx.tx);
  if (!circleId) throw new Invalid({ decisionId: "The co-op has no Members' Circle to decide settings yet" });
  const { entry } = await useOnce(
    ctx,
    { field: 'decisionId', decisionId: v.decisionId, circleId, kind: 'change_setting', act: 'changes this setting' },
    (p) => p.key === v.key && settingValues[v.key].safeParse(p.value).data === parsed.data,
    { recordedBy: ctx.actor?.personId ?? null },
  );
  await applySetting(ctx, v.key, v.value, entry.id);
}

/** Internal: set a setting citing the decision that changes it (the caller has checked that decision). */
export async function applySetting(ctx: Ctx, key: keyof typeof settingValues, value: string, decisionId: string): Promise<void> {
  const parsed = settingValues[key].parse(value);
  await ctx.tx
    .insert(coopSettings)
    .values({ key, value: parsed, decisionEntryId: decisionId, changedAt: ctx.now })
    .onConflictDoUpdate({ target: coopSettings.key, set: { value: parsed, decisionEntryId: decisionId, changedAt: ctx.now } });
  await ctx.emit({ type: 'settings.changed', subjectType: 'setting', subjectId: key, data: { value: parsed, from: settingDefaults[key], decisionId } });
}
