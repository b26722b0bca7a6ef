import { z } from 'zod';
import { creditsAmount } from '../../credits/validation.ts';
import { settingValues } from '../../membership/commands/settings.ts';
import { surveyRoundParams } from '../../survey/mandate.ts';
import type { EffectKind } from './schema.ts';

export { effectLabels } from './labels.ts';

// The effects a decision can carry (DOMAIN.md 3.1 "Mandates"), one zod schema per kind. Form
// posts give strings, the JSON API may give numbers, booleans and arrays: both are accepted.

const text = (label: string, max: number) =>
  z.string({ error: `${label} is needed` }).trim().min(1, `${label} is needed`).max(max, `${label} must be ${max} characters or fewer`);

const onOff = z
  .union([z.boolean(), z.enum(['on', 'off', 'true', 'false'])], { error: 'Choose on or off' })
  .transform((v) => v === true || v === 'on' || v === 'true');

/** Person ids from a multiple select (one string or several) or a JSON array; empty is none. */
const personIds = (message: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: message })
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : v.split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.uuid({ error: message })).max(100, 'Name at most 100 people'))
    .transform((ids) => [...new Set(ids)]);

/** The hats every circle has (create-circle.ts processHats), by role: who a decision may let pay out. */
export const payerRoles = ['leader', 'delegate', 'facilitator', 'secretary', 'logbook-keeper'] as const;
export const recipientModes = ['named', 'circle', 'members'] as const;
export type RecipientMode = (typeof recipientModes)[number];
const settingKeys = Object.keys(settingValues) as [keyof typeof settingValues, ...(keyof typeof settingValues)[]];

const settingParams = z
  .object({
    key: z.enum(settingKeys, { error: 'Choose a setting' }),
    value: z.union([z.string(), z.number(), z.boolean()], { error: 'Enter the new value' }).transform((v) => String(v).trim()),
  })
  .superRefine((v, ctx) => {
    if (!v.value) ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter the new value' });
    else {
      const parsed = settingValues[v.key].safeParse(v.value);
      if (!parsed.success) ctx.addIssue({ code: 'custom', path: ['value'], message: parsed.error.issues[0]?.message ?? 'That value is not allowed' });
    }
  });

const poolParams = z
  .object({
    poolId: z.uuid({ error: 'Choose the pool' }),
    purpose: text('What the payments are for', 300),
    recipients: z.enum(recipientModes, { error: 'Choose who may receive payments' }),
    recipientIds: personIds('Choose the people who may receive payments'),
    perPaymentLimit: creditsAmount,
    totalLimit: creditsAmount,
    payerRole: z
      .union([z.literal(''), z.enum(payerRoles)], { error: 'Choose a hat from the list, or anyone who runs the pool' })
      .optional()
      .transform((v) => v || null),
    payerIds: personIds('Choose the people who may pay out'),
  })
  .refine((v) => v.recipients !== 'named' || v.recipientIds.length > 0, { path: ['recipientIds'], message: 'Name at least one person who may receive payments' })
  .refine((v) => v.totalLimit >= v.perPaymentLimit, { path: ['totalLimit'], message: 'The total must be at least the limit for one payment' });

interface KindSpec {
  /** Applied when the decision is adopted, or kept to authorise later acts within limits. */
  mode: 'apply' | 'authorise';
  schema: z.ZodType<Record<string, unknown>>;
  /** The form fields, in order; each is checked by `schema`. */
  fields: readonly string[];
}

export const effectKindSpecs = {
  create_circle: {
    mode: 'apply',
    schema: z.object({
      name: text('The new circle’s name', 120),
      aim: text('The new circle’s aim', 2000),
      domain: text('The new circle’s domain', 4000),
    }),
    fields: ['name', 'aim', 'domain'],
  },
  change_aim: { mode: 'apply', schema: z.object({ aim: text('The new aim', 2000) }), fields: ['aim'] },
  change_domain: { mode: 'apply', schema: z.object({ domain: text('The new domain', 4000) }), fields: ['domain'] },
  set_silence_policy: {
    mode: 'apply',
    schema: z.object({ silenceIsConsent: onOff }),
    fields: ['silenceIsConsent'],
  },
  change_setting: { mode: 'apply', schema: settingParams, fields: ['key', 'value'] },
  admit_member: {
    mode: 'apply',
    schema: z.object({ membershipId: z.uuid({ error: 'Choose the application' }) }),
    fields: ['membershipId'],
  },
  allow_pool_payments: {
    mode: 'authorise',
    schema: poolParams,
    fields: ['poolId', 'purpose', 'recipients', 'recipientIds', 'perPaymentLimit', 'totalLimit', 'payerRole', 'payerIds'],
  },
  // Authorises one round, opened later by a full participant citing the decision (survey/commands).
  run_survey_round: {
    mode: 'authorise',
    schema: surveyRoundParams,
    fields: ['title', 'setId', 'audienceCircleId', 'opensOn', 'closesOn'],
  },
} as const satisfies Record<EffectKind, KindSpec>;

export type PoolParams = z.output<typeof poolParams>;
export type SettingParams = z.output<typeof settingParams>;
export type CircleParams = z.output<(typeof effectKindSpecs)['create_circle']['schema']>;

export const kindInput = z.object({
  kind: z.enum(Object.keys(effectKindSpecs) as [EffectKind, ...EffectKind[]], { error: 'Choose what the decision does' }),
});

/** A kind's fields from a form or JSON body, checked; Invalid-style messages per field on failure. */
export function parseEffect(raw: Record<string, unknown>): { ok: true; kind: EffectKind; params: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
  const kind = kindInput.safeParse(raw);
  if (!kind.success) return { ok: false, errors: { kind: kind.error.issues[0]?.message ?? 'Choose what the decision does' } };
  const spec: KindSpec = effectKindSpecs[kind.data.kind];
  const picked = Object.fromEntries(spec.fields.filter((f) => raw[f] !== undefined).map((f) => [f, raw[f]]));
  const parsed = spec.schema.safeParse(picked);
  if (parsed.success) return { ok: true, kind: kind.data.kind, params: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'kind')] ??= issue.message;
  return { ok: false, errors };
}

/** What each effect is about, for look-ups without reading its params. */
export function effectSubject(kind: EffectKind, params: Record<string, unknown>): string | null {
  if (kind === 'allow_pool_payments') return String(params.poolId);
  if (kind === 'admit_member') return String(params.membershipId);
  if (kind === 'change_setting') return String(params.key);
  return null;
}
