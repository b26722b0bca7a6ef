import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Clock } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import type { Database } from '../../platform/db.ts';
import { people } from '../people/schema.ts';
import { exportStep } from './build.ts';
import { requestExport } from './commands.ts';
import { dataExports } from './schema.ts';
import type { ExportDocument } from './words.ts';
import { openArchive } from './sealed.ts';
import { unzip } from './zip.ts';

export async function actorOf(database: Database, personId: string): Promise<Actor> {
  const [p] = await database.db.select({ name: people.name, isAdmin: people.isAdmin }).from(people).where(eq(people.id, personId));
  return { personId, name: p?.name ?? '', isAdmin: p?.isAdmin ?? false, via: 'session' };
}

/** Run an export's job steps one by one (as the job runner would) until it is built. */
export async function buildExport(deps: { database: Database; clock: Clock }, exportId: string): Promise<void> {
  for (let i = 0; i < 20; i += 1) {
    const [row] = await deps.database.db.select({ state: dataExports.state }).from(dataExports).where(eq(dataExports.id, exportId));
    if (row?.state === 'ready' || row?.state === 'failed') return;
    await deps.database.db.transaction((tx) => exportStep({ tx, now: deps.clock.now(), database: deps.database }, { exportId }));
  }
  throw new Error('the export did not finish in 20 steps');
}

/** Ask for, build and open one export: its two files. */
export async function exportOf(deps: { database: Database; clock: Clock }, asker: Actor, subjectId?: string) {
  const { exportId } = await run(deps, asker, requestExport, subjectId ? { subjectId } : {});
  await buildExport(deps, exportId);
  const [row] = await deps.database.db.select().from(dataExports).where(eq(dataExports.id, exportId));
  if (!row?.archive) throw new Error(`export ${exportId} is ${row?.state}: ${row?.error ?? ''}`);
  const files = unzip(await openArchive(deps.database.db, row.archive));
  return {
    exportId,
    doc: JSON.parse(String(files.get('data.json'))) as ExportDocument,
    json: String(files.get('data.json')),
    html: String(files.get('report.html')),
  };
}
