import { z } from 'zod';
import { Invalid } from '../../platform/errors.ts';
import { addMonths, isoDate } from '../circles/dates.ts';
import { optionalDateTimeField } from '../../platform/zoned-time.ts';

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is needed` })
    .trim()
    .min(1, `${label} is needed`)
    .max(max, `${label} must be ${max} characters or fewer`);

const checkbox = z
  .union([z.literal('on'), z.literal('true'), z.boolean()], { error: 'Tick the box or leave it empty' })
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === true);

export const proposalText = z.object({
  title: text('A title', 200),
  driver: text('The driver (the need or problem)', 4000),
  text: text('The proposal', 20000),
  term: z.string().trim().max(200, 'Term must be 200 characters or fewer').optional().transform((v) => v || null),
  reviewDate: z.iso.date('Enter the review date as a date, like 2027-03-31'),
});

/** How far ahead a review date may be: a decision is looked at again within ten years. */
export const REVIEW_WITHIN_MONTHS = 120;

/**
 * A review date typed into any form (a proposal, an amendment, a logbook review) is from today
 * on and within ten years: 1900 or 2999 is a typing slip, not a plan. Today is the co-op's day.
 */
export function checkReviewDate(reviewDate: string, now: Date): void {
  const today = isoDate(now);
  if (reviewDate < today) throw new Invalid({ reviewDate: 'The review date has passed: choose a date from today on' });
  if (reviewDate > addMonths(today, REVIEW_WITHIN_MONTHS)) throw new Invalid({ reviewDate: 'Choose a review date within ten years' });
}

export const draftInput = proposalText.extend({
  circleId: z.uuid('Choose a circle'),
  outcomeKind: z.enum(['decision', 'policy', 'aim', 'domain'], { error: 'Choose what it becomes when adopted' }).default('decision'),
  inDomain: checkbox,
  isMajor: checkbox,
  needsResolution: checkbox,
  domainNote: z.string().trim().max(2000, 'Domain note must be 2000 characters or fewer').optional().transform((v) => v || null),
});

export const amendInput = proposalText.extend({
  reason: text('The reason for the amendment', 2000),
});

export const consentRoundInput = z.object({
  mode: z.enum(['meeting', 'online'], { error: 'Choose in a meeting or online' }),
  // Typed on the co-op's clock (TIME_ZONE), not UTC; a time in the spring gap is refused.
  deadline: optionalDateTimeField('Enter the deadline as a date and time, like 2027-03-20T18:00'),
  /** For a round in a meeting: the open meeting of the circle it happens in. */
  meetingId: z.string().optional(),
});

export const responseInput = z
  .object({
    personId: z.uuid().optional(),
    response: z.enum(['consent', 'objection'], { error: 'Choose consent or objection' }),
    concern: z.string().trim().max(2000, 'Concern must be 2000 characters or fewer').optional().transform((v) => v || null),
    reason: z.string().trim().max(4000, 'Reason must be 4000 characters or fewer').optional().transform((v) => v || null),
  })
  .refine((v) => v.response !== 'objection' || (v.reason && v.reason.length >= 10), {
    path: ['reason'],
    message: 'An objection needs its reason: how the proposal would stop the circle achieving its aim',
  });

export const questionInput = z.object({ question: text('The question', 2000) });
export const answerInput = z.object({ questionId: z.uuid('Choose a question'), answer: text('The answer', 4000) });
export const reactionInput = z.object({ text: text('Your reaction', 2000) });

export const stepInput = z.object({
  step: z.enum(['present', 'start-clarifying', 'start-reactions', 'withdraw'], { error: 'Choose a step: present, start-clarifying, start-reactions or withdraw' }),
});
