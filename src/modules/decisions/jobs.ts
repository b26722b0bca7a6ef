import { and, eq } from 'drizzle-orm';
import { systemClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { appendEvent } from '../../platform/events.ts';
import { registerJob } from '../../platform/jobs.ts';
import { notify } from '../../platform/notify.ts';
import { fullParticipants } from './load.ts';
import { closeRound } from './commands/close-round.ts';
import { consentResponses, proposals, proposalVersions } from './schema.ts';

// The online consent round's clock: a reminder a day before the deadline to those who have
// not answered, and the round closed at the deadline. Both run once, inside the job's transaction.

registerJob('proposal.remind', async ({ tx, now }, payload) => {
  const proposalId = String(payload.proposalId);
  const [p] = await tx.select().from(proposals).where(eq(proposals.id, proposalId));
  if (!p || p.state !== 'consent_round' || p.round !== Number(payload.round)) return;
  const answered = await tx
    .select({ personId: consentResponses.personId })
    .from(consentResponses)
    .where(and(eq(consentResponses.proposalId, proposalId), eq(consentResponses.round, p.round)));
  const [v] = await tx.select().from(proposalVersions).where(and(eq(proposalVersions.proposalId, proposalId), eq(proposalVersions.version, p.version)));
  const missing = (await fullParticipants(tx, p.circleId, now)).filter((id) => !answered.some((a) => a.personId === id));
  await notify(tx, now, missing, { text: `Reminder: your consent or objection is needed soon: ${v?.title ?? 'a proposal'}`, href: `/proposals/${proposalId}` });
});

registerJob('proposal.close-at-deadline', async ({ tx, now }, payload) => {
  const proposalId = String(payload.proposalId);
  const [p] = await tx.select().from(proposals).where(eq(proposals.id, proposalId));
  if (!p || p.state !== 'consent_round' || p.round !== Number(payload.round)) return;
  const ctx: Ctx = {
    tx,
    actor: null,
    clock: systemClock,
    now,
    emit: (event) => appendEvent(tx, null, now, event),
    afterCommit: () => {},
  };
  await closeRound(ctx, { proposalId, atDeadline: true });
});
