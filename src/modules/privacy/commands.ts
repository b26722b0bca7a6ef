import { and, desc, eq, inArray } from 'drizzle-orm';
import { openArchive } from './sealed.ts';
import { z } from 'zod';
import { type Actor, requireActor } from '../../platform/authz.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { enqueue } from '../../platform/jobs.ts';
import { parseInput } from '../../platform/validate.ts';
import { ownersFor } from '../care/records/queries.ts';
import { people } from '../people/schema.ts';
import { EXPORT_JOB, TOTAL_STEPS } from './build.ts';
import { dataExports } from './schema.ts';

/**
 * Whose data this person may export: their own, and that of each team owner whose advocate
 * they are (the advocate acts for the owner: DOMAIN.md), as "Who has seen my records" allows.
 */
export const exportableFor = (db: Db, actor: Actor) => ownersFor(db, actor);

/** Whose data: left out for your own; the owner's id for an advocate. */
export const requestInput = z.object({ subjectId: z.string({ error: 'Choose whose data to export' }).optional() });

/**
 * Ask for an export. One at a time per person asked about: while one is being built, asking
 * again returns that one rather than building the same archive twice.
 */
export async function requestExport(ctx: Ctx, raw: Record<string, unknown>) {
  const actor = requireActor(ctx.actor);
  const input = parseInput(requestInput, raw);
  const owners = await exportableFor(ctx.tx, actor);
  const subjectId = input.subjectId || actor.personId;
  if (!owners.some((o) => o.id === subjectId)) throw new Invalid({ subjectId: 'Choose yourself or someone whose advocate you are' });
  const [open] = await ctx.tx
    .select({ id: dataExports.id })
    .from(dataExports)
    .where(and(eq(dataExports.requestedBy, actor.personId), eq(dataExports.subjectId, subjectId), inArray(dataExports.state, ['queued', 'building'])));
  if (open) return { exportId: open.id, created: false };
  const id = newId();
  await ctx.tx.insert(dataExports).values({ id, requestedBy: actor.personId, subjectId, state: 'queued', done: 0, total: TOTAL_STEPS, requestedAt: ctx.now });
  await enqueue(ctx.tx, { kind: EXPORT_JOB, payload: { exportId: id }, runAt: ctx.now, dedupeKey: `${EXPORT_JOB}:${id}:0` });
  await ctx.emit({ type: 'privacy.export-requested', subjectType: 'data_export', subjectId: id, data: { subjectId } });
  return { exportId: id, created: true };
}

export interface ExportSummary {
  id: string;
  subjectId: string;
  subjectName: string;
  state: string;
  done: number;
  total: number;
  bytes: number | null;
  requestedAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
  downloadable: boolean;
}

const summaryColumns = {
  id: dataExports.id,
  subjectId: dataExports.subjectId,
  subjectName: people.name,
  state: dataExports.state,
  done: dataExports.done,
  total: dataExports.total,
  bytes: dataExports.bytes,
  requestedAt: dataExports.requestedAt,
  finishedAt: dataExports.finishedAt,
  expiresAt: dataExports.expiresAt,
};

const summarise = (now: Date) => (r: Omit<ExportSummary, 'downloadable'>): ExportSummary => ({
  ...r,
  downloadable: r.state === 'ready' && !!r.expiresAt && r.expiresAt > now,
});

/** The exports this person asked for, newest first (never the archives themselves). */
export async function listExports(db: Db, actor: Actor, now: Date): Promise<ExportSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(dataExports)
    .innerJoin(people, eq(people.id, dataExports.subjectId))
    .where(eq(dataExports.requestedBy, actor.personId))
    .orderBy(desc(dataExports.requestedAt))
    .limit(20);
  return rows.map(summarise(now));
}

const notFound = () => new NotFound('That export was not found.');

/** One export of this person's: "not found" to anyone else, admins included. */
export async function getExport(db: Db, actor: Actor, id: unknown, now: Date): Promise<ExportSummary> {
  if (!isUuid(id)) throw notFound();
  const [row] = await db.select(summaryColumns).from(dataExports).innerJoin(people, eq(people.id, dataExports.subjectId)).where(and(eq(dataExports.id, id), eq(dataExports.requestedBy, actor.personId)));
  if (!row) throw notFound();
  return summarise(now)(row);
}

/** The archive of a ready export, while it is kept; its file name says whose and when. */
export async function exportArchive(db: Db, actor: Actor, id: unknown, now: Date): Promise<{ archive: Buffer; fileName: string }> {
  const summary = await getExport(db, actor, id, now);
  if (!summary.downloadable) throw notFound();
  const [row] = await db.select({ archive: dataExports.archive }).from(dataExports).where(eq(dataExports.id, summary.id));
  if (!row?.archive) throw notFound();
  const day = (summary.finishedAt ?? now).toISOString().slice(0, 10);
  return { archive: await openArchive(db, row.archive), fileName: `care-circles-export-${day}-${summary.id.slice(0, 8)}.zip` };
}
