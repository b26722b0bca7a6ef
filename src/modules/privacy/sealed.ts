import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { seal, unseal } from '../../platform/encryption/envelope.ts';

// An export holds a person's care text (notes, the MAR, their profile) in one place. While it
// is built and kept it is sealed under a data key of its own (ADR 0024, 0025), so the
// database file and its backups never hold it in the clear, and when the export expires its
// key is deleted: a copy in an old backup can no longer be opened either.

export const exportScope = (exportId: string): string => `export:${exportId}`;

type Parts = Record<string, unknown>;

/** The parts built so far, as stored: one sealed JSON text. */
export async function sealParts(db: Db, exportId: string, parts: Parts): Promise<{ sealed: string }> {
  return { sealed: await seal(db, exportScope(exportId), JSON.stringify(parts)) };
}

export async function openParts(db: Db, stored: unknown): Promise<Parts> {
  if (!stored) return {};
  const sealed = (stored as { sealed?: unknown }).sealed;
  if (typeof sealed !== 'string') throw new Error('An export in the making was not stored sealed: it is not read.');
  return JSON.parse(await unseal(db, sealed)) as Parts;
}

/** The zip, sealed (its bytes as base64 text under the export's key). */
export async function sealArchive(db: Db, exportId: string, archive: Buffer): Promise<Buffer> {
  return Buffer.from(await seal(db, exportScope(exportId), archive.toString('base64')), 'utf8');
}

export async function openArchive(db: Db, stored: Uint8Array): Promise<Buffer> {
  return Buffer.from(await unseal(db, Buffer.from(stored).toString('utf8')), 'base64');
}

/** Forget the keys of expired exports: whatever of them is left anywhere stays unreadable. */
export async function shredExportKeys(db: Db, exportIds: string[]): Promise<void> {
  if (exportIds.length === 0) return;
  const scopes = exportIds.map(exportScope);
  await db.execute(sql`DELETE FROM data_keys WHERE scope IN (${sql.join(scopes.map((s) => sql`${s}`), sql`, `)})`);
}
