import { z } from 'zod';
import { parseCredits } from './amounts.ts';

/** Extras credits may pay for. Regulated care never: it needs a checked, trained worker. */
export const activities = [
  { value: 'walks', label: 'Walks' },
  { value: 'errands', label: 'Errands and shopping' },
  { value: 'company', label: 'Company at events' },
  { value: 'chats', label: 'Chats and phone calls' },
  { value: 'dog-walks', label: 'Dog walks' },
  { value: 'cleaning', label: 'Cleaning' },
  { value: 'other', label: 'Something else (not personal care or medication)' },
] as const;
const regulated = ['personal-care', 'medication'] as const;
export const activityLabel = (value: string | null): string => activities.find((a) => a.value === value)?.label ?? value ?? '';

/** Amounts are typed in credits (hours) and carried as whole minutes from here on. */
export const creditsAmount = z.unknown().transform((raw, ctx) => {
  const minutes = parseCredits(raw);
  if (typeof minutes === 'string') {
    ctx.addIssue({ code: 'custom', message: minutes });
    return z.NEVER;
  }
  return minutes;
});

const optionalText = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : null));

/** Sent by the client (the Idempotency-Key header, or a hidden field on our forms). */
export const idempotencyKey = z
  .string({ error: 'Send an idempotency key (the Idempotency-Key header) with every transfer' })
  .trim()
  .min(1, 'Send an idempotency key (the Idempotency-Key header) with every transfer')
  .max(200, 'The idempotency key must be 200 characters or fewer')
  .regex(/^[\x21-\x7e]+$/, 'The idempotency key may use letters, digits and symbols, without spaces');

const person = (message: string) => z.uuid({ error: message });

export const giveInput = z.object({
  toPersonId: person('Choose who to give credits to'),
  amount: creditsAmount,
  message: optionalText(500, 'Message'),
  idempotencyKey,
});

export const donateInput = z.object({
  poolId: z.uuid({ error: 'Choose a pool' }),
  amount: creditsAmount,
  message: optionalText(500, 'Message'),
  idempotencyKey,
});

export const spendInput = z.object({
  toPersonId: person('Choose the volunteer you are paying'),
  activity: z
    .enum(['walks', 'errands', 'company', 'chats', 'dog-walks', 'cleaning', 'other', ...regulated], { error: 'Choose what the credits pay for' })
    .refine((v) => !(regulated as readonly string[]).includes(v), {
      message: 'Credits cannot pay for personal care or medication: that is regulated care',
    }),
  amount: creditsAmount,
  message: optionalText(500, 'Message'),
  idempotencyKey,
});

export const reverseInput = z.object({
  transferId: z.uuid({ error: 'Choose the transfer to reverse' }),
  message: optionalText(500, 'Reason'),
  /** Optional: without one, the key is derived from the transfer, since it can be reversed only once. */
  idempotencyKey: idempotencyKey.optional(),
});

export const autoDonateInput = z.object({
  poolId: z.union([z.literal(''), z.uuid()], { error: 'Choose a pool, or "Keep what I earn"' }).optional().default(''),
});

export const createPoolInput = z.object({
  circleId: z.uuid({ error: 'Choose the circle the pool belongs to' }),
  name: z.string({ error: 'Give the pool a name' }).trim().min(1, 'Give the pool a name').max(120, 'Name must be 120 characters or fewer'),
});

export const redistributeInput = z.object({
  toPersonId: person('Choose who receives the credits'),
  logbookEntryId: z.uuid({ error: "Choose the circle's decision that allows this payment" }),
  amount: creditsAmount,
  message: optionalText(500, 'Message'),
  idempotencyKey,
});

export const referenceTypes = ['care_log', 'logbook_entry', 'activity'] as const;

export const issueInput = z.object({
  personId: person('Choose who earned the credits'),
  amount: creditsAmount,
  referenceType: z.enum(referenceTypes, { error: 'Say what earned the credits: care_log, logbook_entry or activity' }),
  referenceId: z.string({ error: 'Give the id of what earned the credits' }).trim().min(1, 'Give the id of what earned the credits').max(200, 'The reference must be 200 characters or fewer'),
});

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2026-03-31')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'Enter a real date');

export const statementFilter = z.object({
  kind: z.enum(['', 'earn', 'gift', 'donate', 'redistribute', 'spend', 'reverse'], { error: 'Choose a kind from the list' }).optional().default(''),
  from: z.union([z.literal(''), isoDay]).optional().default(''),
  to: z.union([z.literal(''), isoDay]).optional().default(''),
  before: z.string().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type StatementFilter = z.infer<typeof statementFilter>;
