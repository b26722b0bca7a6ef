import { and, eq, sql } from 'drizzle-orm';
import { openParts, sealArchive, sealParts } from './sealed.ts';
import { recordAccess } from '../../platform/access-log.ts';
import type { Actor } from '../../platform/authz.ts';
import type { Ctx } from '../../platform/context.ts';
import { appendEvent } from '../../platform/events.ts';
import { type JobContext, enqueue, registerJob } from '../../platform/jobs.ts';
import { coOpTimeZone } from '../../platform/zoned-time.ts';
import { accountOf, wholeStatement } from '../credits/queries.ts';
import { circles } from '../circles/schema.ts';
import { people } from '../people/schema.ts';
import { marSection, notesSection, ownedTeamsSection, profilesSection } from './care.ts';
import { concernsSection } from './concerns.ts';
import { report } from './report.tsx';
import { collectRows } from './rows.ts';
import { dataExports } from './schema.ts';
import { describeExport } from './words.ts';
import { zip } from './zip.ts';

export const EXPORT_JOB = 'privacy.export-step';
export const EXPORT_RECORD = 'subject_access_export';
/** How long a built archive can be downloaded before the retention run erases it. */
export const KEEP_ARCHIVE_MS = 24 * 60 * 60 * 1000;

type Parts = Record<string, unknown>;
interface Step {
  key: string;
  label: string;
  build(ctx: Ctx, subjectId: string, owned: string[]): Promise<unknown>;
}

/**
 * The export is built one part per job run: each run commits, so the page's progress line
 * moves, and a large co-op's export never holds one transaction open for all of it. The
 * care parts are read as the person who asked, through each module's own reader, so what is
 * in the archive is what they may read, each read logged there.
 */
export const steps: Step[] = [
  { key: 'tables', label: 'Your account and every row that names you', build: async (ctx, s) => collectRows(ctx.tx, s) },
  {
    key: 'credits',
    label: 'Your credits statement',
    build: async (ctx, s) => {
      const account = await accountOf(ctx.tx, s);
      if (!account) return null;
      const rows = [];
      for await (const row of wholeStatement(ctx.tx, account.id, {}, coOpTimeZone())) rows.push(row);
      return { balance: account.balance, entries: rows };
    },
  },
  { key: 'teams', label: 'Your teams: visits, care logs, statements', build: (ctx, s) => ownedTeamsSection(ctx, s, coOpTimeZone()) },
  { key: 'profiles', label: 'Getting Support Profiles', build: (ctx, s, owned) => profilesSection(ctx, s, owned) },
  { key: 'notes', label: 'Care notes', build: (ctx, s, owned) => notesSection(ctx, s, owned) },
  { key: 'mar', label: 'The medication record (MAR)', build: (ctx, s, owned) => marSection(ctx, s, owned) },
  { key: 'concerns', label: 'Concerns and conflict support', build: (ctx, s, owned) => concernsSection(ctx, s, owned) },
];
/** Every step and the last one, which writes the archive. */
export const TOTAL_STEPS = steps.length + 1;

/** A context for the module readers: the job's transaction, acting as the person who asked. */
function actingAs(job: JobContext, actor: Actor): Ctx {
  return {
    tx: job.tx,
    actor,
    clock: { now: () => job.now },
    now: job.now,
    emit: (event) => appendEvent(job.tx, actor.personId, job.now, event),
    afterCommit: () => undefined,
  };
}

async function ownedTeams(ctx: Ctx, subjectId: string): Promise<string[]> {
  const rows = await ctx.tx.select({ id: circles.id }).from(circles).where(and(eq(circles.ownerId, subjectId), eq(circles.kind, 'team')));
  return rows.map((r) => r.id);
}

/** One step of one export: build the next part, or, when all are built, the archive. */
export async function exportStep(job: JobContext, payload: Record<string, unknown>): Promise<void> {
  const [exp] = await job.tx.select().from(dataExports).where(eq(dataExports.id, String(payload.exportId))).for('update');
  if (!exp || (exp.state !== 'queued' && exp.state !== 'building')) return;
  const [asker] = await job.tx.select({ id: people.id, name: people.name }).from(people).where(eq(people.id, exp.requestedBy));
  if (!asker) return;
  // Never wider than what the person may read themselves: an admin's export is a person's export.
  const ctx = actingAs(job, { personId: asker.id, name: asker.name, isAdmin: false, via: 'system' });
  const parts: Parts = await openParts(job.tx, exp.parts);
  const next = steps.find((s) => !(s.key in parts));
  if (next) {
    // A part that cannot be built fails the export in words the page shows, rather than
    // leaving it "being built" while the job runner retries the same error.
    await job.tx.execute(sql`SAVEPOINT export_part`);
    try {
      parts[next.key] = await next.build(ctx, exp.subjectId, await ownedTeams(ctx, exp.subjectId));
      await job.tx.execute(sql`RELEASE SAVEPOINT export_part`);
    } catch (error) {
      await job.tx.execute(sql`ROLLBACK TO SAVEPOINT export_part`);
      await job.tx.update(dataExports).set({ state: 'failed', parts: null, error: `${next.label}: ${String(error)}`.slice(0, 500), finishedAt: job.now }).where(eq(dataExports.id, exp.id));
      return;
    }
    await job.tx.update(dataExports).set({ state: 'building', parts: await sealParts(job.tx, exp.id, parts), done: exp.done + 1, total: TOTAL_STEPS }).where(eq(dataExports.id, exp.id));
    await enqueue(job.tx, { kind: EXPORT_JOB, payload: { exportId: exp.id }, runAt: job.now, dedupeKey: `${EXPORT_JOB}:${exp.id}:${exp.done + 1}` });
    return;
  }
  const [subject] = await job.tx.select({ id: people.id, name: people.name }).from(people).where(eq(people.id, exp.subjectId));
  const document = describeExport({ exportId: exp.id, at: job.now, subject: { id: exp.subjectId, name: subject?.name ?? '' }, askedBy: { id: asker.id, name: asker.name }, parts });
  const json = Buffer.from(JSON.stringify(document, null, 2), 'utf8');
  const html = Buffer.from(report(document), 'utf8');
  const archive = zip([{ name: 'report.html', data: html }, { name: 'data.json', data: json }], job.now);
  // The export is itself a read of the person's records: written to the access log they see.
  await recordAccess(job.tx, job.now, { actorId: asker.id, recordType: EXPORT_RECORD, recordId: exp.id, ownerId: exp.subjectId, reason: asker.id === exp.subjectId ? 'subject-access export, asked by the person' : "subject-access export, asked by the owner's advocate" });
  await job.tx
    .update(dataExports)
    .set({ state: 'ready', parts: null, archive: await sealArchive(job.tx, exp.id, archive), bytes: archive.length, done: TOTAL_STEPS, total: TOTAL_STEPS, finishedAt: job.now, expiresAt: new Date(job.now.getTime() + KEEP_ARCHIVE_MS) })
    .where(eq(dataExports.id, exp.id));
  await appendEvent(job.tx, asker.id, job.now, { type: 'privacy.export-ready', subjectType: 'data_export', subjectId: exp.id, data: { subjectId: exp.subjectId, bytes: archive.length } });
}

registerJob(EXPORT_JOB, exportStep);
