import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { circlesWhereRole } from '../../circles/roles.ts';
import { readMar } from './chart.ts';

/**
 * Doses waiting on the MARs this person holds (their MAR Holder hat, in term): today's doses
 * that are due or overdue and not yet recorded. Each MAR is read through readMar, so the same
 * rules decide and the read is in the owner's access log, as when the chart is opened.
 */
export async function dosesDueFor(ctx: Ctx, _input: Record<string, unknown> = {}) {
  const actor = requireActor(ctx.actor);
  const teamIds = (await circlesWhereRole(ctx.tx, actor.personId, ['mar-holder'], ctx.now)).slice(0, 5);
  const out = [];
  for (const teamId of teamIds) {
    const mar = await readMar(ctx, { teamId });
    const waiting = mar.rows.flatMap((r) => r.doses.filter((d) => d.state === 'due' || d.state === 'missed').map((d) => ({ medicine: r.medicine.name, time: d.time, dueAt: d.dueAt, missed: d.state === 'missed' })));
    if (waiting.length > 0 && mar.mayRecord) out.push({ teamId, ownerName: mar.ownerName, doses: waiting });
  }
  return out;
}
