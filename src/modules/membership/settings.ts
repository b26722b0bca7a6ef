import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { circles } from '../circles/schema.ts';
import { coopSettings } from './schema.ts';

/** Settings the members decide, with the defaults DOMAIN.md gives until they decide otherwise. */
export const settingDefaults = {
  investorCapBasisPoints: 1000,
  investorWeighting: 'equal' as 'equal' | 'shares',
  commonsDeductedBasisPoints: 750,
  commonsAddedBasisPoints: 1750,
  autoConfirmDays: 0,
  /** After a request to join a team is not taken up, the days before the same person may ask again (ours: 30). */
  joinRequestCoolingOffDays: 30,
  /** Years care records are kept after support ends (the usual rule for adult social care in England: 8). */
  careRecordRetentionYears: 8,
  /** The social climate survey: the fewest answers a group may have to be shown (never under 5), and the level cut-offs (ADR 0030). */
  surveyMinGroup: 5,
  surveyLowBelow: 2.33,
  surveyHighFrom: 3.67,
  silenceIsConsent: false,
  membersCircleId: '' as string,
};
export type SettingKey = keyof typeof settingDefaults;

export async function getSetting<K extends SettingKey>(db: Db, key: K): Promise<(typeof settingDefaults)[K]> {
  const [row] = await db.select().from(coopSettings).where(eq(coopSettings.key, key));
  return (row ? row.value : settingDefaults[key]) as (typeof settingDefaults)[K];
}

/**
 * Several settings in one statement, each its stored value or its default: a page or command
 * that needs two or three (a statement's commons rates, the survey's rules) asks once, not per key.
 */
export async function settingsOf<K extends SettingKey>(db: Db, keys: readonly K[]): Promise<{ [P in K]: (typeof settingDefaults)[P] }> {
  const stored = new Map((await db.select().from(coopSettings).where(inArray(coopSettings.key, [...keys]))).map((r) => [r.key, r.value]));
  return Object.fromEntries(keys.map((key) => [key, stored.has(key) ? stored.get(key) : settingDefaults[key]])) as { [P in K]: (typeof settingDefaults)[P] };
}

/** Every setting with its value now, in one query (the settings page). */
export async function allSettings(db: Db): Promise<{ key: SettingKey; value: unknown }[]> {
  const stored = new Map((await db.select().from(coopSettings)).map((r) => [r.key, r.value]));
  return (Object.keys(settingDefaults) as SettingKey[]).map((key) => ({ key, value: stored.has(key) ? stored.get(key) : settingDefaults[key] }));
}

/**
 * The Members' Circle handles applications: the setting, or the circle of that name. A caller
 * that has read the settings already (the settings page) passes the setting's value.
 */
export async function membersCircleId(db: Db, setting?: string): Promise<string | null> {
  const configured = setting ?? (await getSetting(db, 'membersCircleId'));
  if (configured) return configured;
  const [circle] = await db.select({ id: circles.id }).from(circles).where(eq(circles.name, "Members' Circle"));
  return circle?.id ?? null;
}
