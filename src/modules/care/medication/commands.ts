import { eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import { HOUR } from '../../../platform/clock.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { seal } from '../../../platform/encryption/envelope.ts';
import { type CareFacts, careFacts, isInTeam, isOwnerSide, mayRecordDoses } from '../policy.ts';
import { doseOutcomes, medicationDoses, medicines } from '../schema.ts';
import { scheduleMissedDoseScan } from './missed.ts';
import { HHMM, isDay, isDoseTime, localDay } from './time.ts';

export type Medicine = typeof medicines.$inferSelect;

const words = (missing: string, max: number) => z.string({ error: missing }).trim().min(1, missing).max(max, `Please keep this to ${max} characters or fewer`);
const day = (message: string) => z.string({ error: message }).trim().refine(isDay, message);

export const medicineInput = z.object({
  name: words('Enter the name of the medicine', 200),
  dose: words('Enter the dose, like "500 mg, one tablet"', 200),
  instructions: z.string({ error: 'Instructions must be text' }).trim().max(2000, 'Please keep this to 2000 characters or fewer').default(''),
  // "08:00, 18:00" from the form, or a list from the API.
  times: z
    .union([z.string(), z.array(z.string())], { error: 'Enter the times, like 08:00, 18:00' })
    .transform((v) => [...new Set((Array.isArray(v) ? v : v.split(/[\s,;]+/)).map((x) => x.trim()).filter(Boolean))].sort())
    .refine((v) => v.length > 0, 'Enter at least one time, like 08:00')
    .refine((v) => v.length <= 12, 'Enter no more than 12 times a day')
    .refine((v) => v.every((x) => HHMM.test(x)), 'Write each time as HH:MM on the 24-hour clock, like 08:00 or 18:30'),
  startsOn: day('Enter the first day, like 2026-03-01'),
  endsOn: z.union([z.literal(''), z.null(), day('Enter the last day, like 2026-03-14, or leave it empty')]).optional().transform((v) => v || null),
});

export const doseInput = z.object({
  dueAt: z.iso.datetime({ offset: true, error: 'Say which dose: its due time' }),
  outcome: z.enum(doseOutcomes, { error: 'Choose what happened: given, refused, already taken or not required' }),
  note: z.string({ error: 'The note must be text' }).trim().max(1000, 'Please keep the note to 1000 characters or fewer').default(''),
});

export const outcomeLabels: Record<(typeof doseOutcomes)[number], string> = { given: 'Given', refused: 'Refused', already_taken: 'Already taken', not_required: 'Not required' };

const teamNotFound = () => new NotFound('That team was not found.');

/** The MAR Holder or the owner's side keep the list of medicines. */
export const mayManageMedicines = (actor: Ctx['actor'], f: CareFacts): boolean => !!actor && (isOwnerSide(actor, f) || f.marHolders.includes(actor.personId));
const notManager = () => new NotAllowed("Only the team's MAR Holder, or the owner or their advocate, adds or stops medicines.");

/** Is a dose due at this instant on this medicine's schedule? */
export function isScheduled(m: Pick<Medicine, 'times' | 'startsOn' | 'endsOn' | 'stoppedAt'>, dueAt: Date): boolean {
  const d = localDay(dueAt);
  // By the dose times' instants on that day, not dueAt's clock reading: a 01:30 dose on the spring night is due at 02:30.
  return isDoseTime(m.times, d, dueAt) && m.startsOn <= d && (!m.endsOn || m.endsOn >= d) && (!m.stoppedAt || dueAt < m.stoppedAt);
}

export async function addMedicine(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<{ medicineId: string }> {
  const facts = await careFacts(ctx.tx, raw.teamId, ctx.now);
  if (!isInTeam(ctx.actor, facts)) throw teamNotFound();
  if (!mayManageMedicines(ctx.actor, facts)) throw notManager();
  const actor = requireActor(ctx.actor);
  const v = parseInput(medicineInput, raw);
  if (v.endsOn && v.endsOn < v.startsOn) throw new Invalid({ endsOn: 'The last day cannot be before the first day' });
  const medicineId = newId();
  // What the medicine is, its dose and instructions are sealed under the team's key (ADR 0024); its times stay clear for the missed-dose job.
  const team = facts.team.id;
  const sealed = { name: await seal(ctx.tx, team, v.name), dose: await seal(ctx.tx, team, v.dose), instructions: await seal(ctx.tx, team, v.instructions) };
  await ctx.tx.insert(medicines).values({ id: medicineId, teamId: team, ...v, ...sealed, createdBy: actor.personId, createdAt: ctx.now });
  await scheduleMissedDoseScan(ctx.tx, ctx.now);
  await ctx.emit({ type: 'care.medicine-added', subjectType: 'medicine', subjectId: medicineId, data: { teamId: facts.team.id, times: v.times.length } });
  return { medicineId };
}

async function loadMedicine(ctx: Ctx, medicineId: unknown, lock = false) {
  if (!isUuid(medicineId)) throw new NotFound('That medicine was not found.');
  const query = ctx.tx.select().from(medicines).where(eq(medicines.id, medicineId));
  const [medicine] = lock ? await query.for('update') : await query;
  if (!medicine) throw new NotFound('That medicine was not found.');
  const facts = await careFacts(ctx.tx, medicine.teamId, ctx.now);
  if (!isInTeam(ctx.actor, facts)) throw new NotFound('That medicine was not found.');
  return { medicine, facts };
}

/** A stopped medicine stays on the record with the doses given; no dose falls due after the stop. */
export async function stopMedicine(ctx: Ctx, input: { medicineId: string }): Promise<void> {
  const { medicine, facts } = await loadMedicine(ctx, input.medicineId, true);
  if (!mayManageMedicines(ctx.actor, facts)) throw notManager();
  if (medicine.stoppedAt) throw new Conflict('That medicine was already stopped.');
  await ctx.tx.update(medicines).set({ stoppedAt: ctx.now, stoppedBy: requireActor(ctx.actor).personId }).where(eq(medicines.id, medicine.id));
  await ctx.emit({ type: 'care.medicine-stopped', subjectType: 'medicine', subjectId: medicine.id, data: { teamId: facts.team.id } });
}

/**
 * Record what happened with one scheduled dose. Paid workers in the team and the MAR Holder
 * only: never a volunteer. An outcome, once recorded, is never overwritten (409); a dose the
 * job flagged as missed may still be recorded late, and keeps its flag.
 */
export async function recordDose(ctx: Ctx, raw: Record<string, unknown> & { medicineId: string }): Promise<{ doseId: string }> {
  const { medicine, facts } = await loadMedicine(ctx, raw.medicineId);
  if (!mayRecordDoses(ctx.actor, facts)) throw new NotAllowed('Only paid workers in the team and the MAR Holder record medication. Volunteers never do.');
  const actor = requireActor(ctx.actor);
  const v = parseInput(doseInput, raw);
  const dueAt = new Date(v.dueAt);
  if (!isScheduled(medicine, dueAt)) throw new Invalid({ dueAt: 'No dose of this medicine is due at that time' });
  if (dueAt.getTime() > ctx.now.getTime() + 2 * HOUR) throw new Invalid({ dueAt: 'That dose is not due yet: record it when it happens' });
  const recorded = { outcome: v.outcome, note: await seal(ctx.tx, facts.team.id, v.note), recordedBy: actor.personId, recordedAt: ctx.now };
  const [row] = await ctx.tx
    .insert(medicationDoses)
    .values({ id: newId(), medicineId: medicine.id, teamId: facts.team.id, dueAt, ...recorded })
    .onConflictDoUpdate({ target: [medicationDoses.medicineId, medicationDoses.dueAt], set: recorded, setWhere: isNull(medicationDoses.outcome) })
    .returning({ id: medicationDoses.id });
  if (!row) throw new Conflict('That dose is already recorded. A recorded outcome is never changed.');
  await ctx.emit({ type: 'care.dose-recorded', subjectType: 'medicine', subjectId: medicine.id, data: { teamId: facts.team.id, dueAt: dueAt.toISOString() } });
  return { doseId: row.id };
}
