import { and, eq, isNull, ne, or } from 'drizzle-orm';
import { DAY } from '../../platform/clock.ts';
import { registerJob } from '../../platform/jobs.ts';
import { notify } from '../../platform/notify.ts';
import { isoDate } from '../circles/dates.ts';
import { concernHandlers, supportFacts } from './policy.ts';
import { concerns } from './schema.ts';

export const REVIEW_AFTER_DAYS = 30;

/** When a concern in monthly review is due: 30 days after its last step, as a date. */
export const reviewDue = (lastStepAt: Date): string => isoDate(new Date(lastStepAt.getTime() + REVIEW_AFTER_DAYS * DAY));

/**
 * A concern in monthly review is due 30 days after its last step. Each step into (or within)
 * monthly review queues this job for that due date. The handlers are told once per due date:
 * the job does nothing if the concern has moved since, or if this due date was already told
 * (the row's reviewNotifiedFor), so a retried or duplicated job cannot tell them twice.
 */
registerJob('concerns.review-due', async ({ tx, now }, payload) => {
  const concernId = String(payload.concernId);
  const due = String(payload.due);
  const [c] = await tx
    .select()
    .from(concerns)
    .where(and(eq(concerns.id, concernId), eq(concerns.state, 'monthly_review'), or(isNull(concerns.reviewNotifiedFor), ne(concerns.reviewNotifiedFor, due))))
    .for('update');
  if (!c || reviewDue(c.lastStepAt) !== due) return;
  const facts = await supportFacts(tx, c.teamId, now);
  await notify(tx, now, concernHandlers(facts, c), { text: `A concern about ${facts.team.name} is due for its monthly review`, href: `/concerns/${c.id}` });
  await tx.update(concerns).set({ reviewNotifiedFor: due }).where(eq(concerns.id, c.id));
});
