import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db.ts';
import { people } from '../../people/schema.ts';
import { getCircle } from '../queries.ts';
import { hatDefinitions } from '../schema.ts';
import { nominations, selectionResponses, selections } from './schema.ts';

/**
 * A selection as the asker may see it. Written nominations stay silent until the nomination
 * round opens; before then a person sees only their own.
 */
export async function selectionView(db: Db, selectionId: string, viewerId: string) {
  const [selection] = await db.select().from(selections).where(eq(selections.id, selectionId));
  if (!selection) return null;
  const [hat] = await db.select().from(hatDefinitions).where(eq(hatDefinitions.id, selection.hatId));
  const circle = await getCircle(db, selection.circleId);
  const names = new Map((await db.select({ id: people.id, name: people.name }).from(people)).map((p) => [p.id, p.name]));
  const all = await db.select().from(nominations).where(eq(nominations.selectionId, selectionId)).orderBy(asc(nominations.createdAt));
  const open = selection.state !== 'nominating';
  const shown = all.filter((n) => open || n.nominatorId === viewerId);
  const responses = await db.select().from(selectionResponses).where(eq(selectionResponses.selectionId, selectionId));
  return {
    selection,
    hat,
    circle,
    candidateName: selection.candidateId ? names.get(selection.candidateId) : undefined,
    nominationCount: all.length,
    nominations: open ? shown.map((n) => ({ ...n, nominator: names.get(n.nominatorId), nominee: names.get(n.nomineeId) })) : [],
    myNomination: all.find((n) => n.nominatorId === viewerId) ?? null,
    responses: responses.filter((r) => r.round === selection.round).map((r) => ({ ...r, name: names.get(r.personId), recordedByName: names.get(r.recordedBy) })),
  };
}
