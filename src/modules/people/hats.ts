import type { Db } from '../../platform/db.ts';

/** One hat a person wears, wherever it comes from (a circle, a team). */
export interface WornHat {
  hat: string;
  where: string;
  whereHref?: string;
  until: Date | null;
  dueForReselection: boolean;
}

type HatSource = (db: Db, personId: string, now: Date) => Promise<WornHat[]>;
const sources: HatSource[] = [];

/**
 * The circles and teams modules register where hats come from, so "your hats" lists every
 * hat without the people module reading their tables.
 */
export function registerHatSource(source: HatSource): void {
  sources.push(source);
}

export async function hatsWornBy(db: Db, personId: string, now: Date): Promise<WornHat[]> {
  const lists = await Promise.all(sources.map((source) => source(db, personId, now)));
  return lists.flat().sort((a, b) => a.where.localeCompare(b.where) || a.hat.localeCompare(b.hat));
}
