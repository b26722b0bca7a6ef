import { and, asc, eq, gt, gte, isNull, lt, lte, or } from 'drizzle-orm';
import { recordAccess } from '../../../platform/access-log.ts';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotFound } from '../../../platform/errors.ts';
import { unseal } from '../../../platform/encryption/envelope.ts';
import { people } from '../../people/schema.ts';
import { careFacts, mayRecordDoses } from '../policy.ts';
import { recordReadReason } from '../records/policy.ts';
import { medicationDoses, medicines } from '../schema.ts';
import { mayManageMedicines } from './commands.ts';
import { MISSED_AFTER } from './missed.ts';
import { addDays, isDay, localDay, zonedInstant } from './time.ts';

export const MAR_RECORD = 'mar';

/** What the chart says about one scheduled dose. */
export type DoseState = 'recorded' | 'missed' | 'due' | 'later';

/**
 * One day of the owner's medication record: every medicine current that day, each due time,
 * and what happened. Reading it is logged (record 'mar', "<team>:<day>") for the owner to see.
 */
export async function readMar(ctx: Ctx, input: { teamId: unknown; date?: unknown }) {
  const actor = requireActor(ctx.actor);
  const facts = await careFacts(ctx.tx, input.teamId, ctx.now);
  const reason = await recordReadReason(ctx.tx, actor, facts, ctx.now);
  if (!reason) throw new NotFound('That team was not found.');
  const day = input.date === undefined || input.date === '' ? localDay(ctx.now) : input.date;
  if (!isDay(day)) throw new Invalid({ date: 'Enter a date like 2026-03-01' });
  await recordAccess(ctx.tx, ctx.now, { actorId: actor.personId, recordType: MAR_RECORD, recordId: `${facts.team.id}:${day}`, ownerId: facts.team.ownerId, reason });

  const start = zonedInstant(day, '00:00');
  const end = zonedInstant(addDays(day, 1), '00:00');
  const sealedMeds = await ctx.tx
    .select()
    .from(medicines)
    .where(and(eq(medicines.teamId, facts.team.id), lte(medicines.startsOn, day), or(isNull(medicines.endsOn), gte(medicines.endsOn, day)), or(isNull(medicines.stoppedAt), gt(medicines.stoppedAt, start))))
    .orderBy(asc(medicines.id))
    .limit(100);
  // Names are sealed (ADR 0024), so the chart is put in name order here, once they are opened.
  const meds = [];
  for (const m of sealedMeds) meds.push({ ...m, name: await unseal(ctx.tx, m.name), dose: await unseal(ctx.tx, m.dose), instructions: await unseal(ctx.tx, m.instructions) });
  meds.sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.id.localeCompare(b.id));
  const sealedDoses = await ctx.tx
    .select({ dose: medicationDoses, byName: people.name })
    .from(medicationDoses)
    .leftJoin(people, eq(people.id, medicationDoses.recordedBy))
    .where(and(eq(medicationDoses.teamId, facts.team.id), gte(medicationDoses.dueAt, start), lt(medicationDoses.dueAt, end)))
    .limit(2000);
  const doses = [];
  for (const d of sealedDoses) doses.push({ ...d, dose: { ...d.dose, note: await unseal(ctx.tx, d.dose.note) } });
  const found = new Map(doses.map((d) => [`${d.dose.medicineId}|${d.dose.dueAt.getTime()}`, d]));
  const [owner] = await ctx.tx.select({ name: people.name }).from(people).where(eq(people.id, facts.team.ownerId));

  const rows = meds.map((m) => ({
    medicine: m,
    doses: m.times
      .map((time) => ({ time, dueAt: zonedInstant(day, time) }))
      .filter(({ dueAt }) => !m.stoppedAt || dueAt < m.stoppedAt)
      .map(({ time, dueAt }) => {
        const hit = found.get(`${m.id}|${dueAt.getTime()}`);
        const recorded = hit?.dose.outcome ? hit.dose : null;
        const state: DoseState = recorded ? 'recorded' : hit?.dose.flaggedAt || dueAt.getTime() + MISSED_AFTER < ctx.now.getTime() ? 'missed' : dueAt <= ctx.now ? 'due' : 'later';
        return { time, dueAt, state, outcome: recorded?.outcome ?? null, note: recorded?.note ?? '', recordedByName: recorded ? hit?.byName ?? '' : null, recordedAt: recorded?.recordedAt ?? null, flaggedAt: hit?.dose.flaggedAt ?? null };
      }),
  }));
  return {
    team: facts.team,
    ownerName: owner?.name ?? '',
    day,
    readReason: reason,
    rows,
    mayRecord: mayRecordDoses(actor, facts),
    mayManage: mayManageMedicines(actor, facts),
  };
}

export type MarView = Awaited<ReturnType<typeof readMar>>;
