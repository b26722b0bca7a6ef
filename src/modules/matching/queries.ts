import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, or } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { isUuid } from '../../platform/ids.ts';
import { getCircle } from '../circles/queries.ts';
import { people } from '../people/schema.ts';
import { boundingBox, milesBetween } from './places.ts';
import { callOutInterests, callOuts, givingProfiles, shortlistEntries } from './schema.ts';
import type { SearchInput } from './validation.ts';

export type GivingProfile = typeof givingProfiles.$inferSelect;
export type CallOut = typeof callOuts.$inferSelect;

/** The most results a search shows: enough to choose from, never an unbounded page. */
export const SEARCH_LIMIT = 100;

export async function profileOf(db: Db, personId: string): Promise<(GivingProfile & { name: string }) | null> {
  if (!isUuid(personId)) return null;
  const [row] = await db.select({ profile: givingProfiles, name: people.name }).from(givingProfiles).innerJoin(people, eq(people.id, givingProfiles.personId)).where(eq(givingProfiles.personId, personId));
  return row ? { ...row.profile, name: row.name } : null;
}

export const roundMiles = (miles: number): number => Math.round(miles * 10) / 10;

/**
 * Profiles within the searcher's distance and within each supporter's own travel distance,
 * nearest first. The database narrows to a box around the search point using the (lat, lng)
 * index; the exact distance and the list filters then run on that small set.
 */
export async function searchProfiles(db: Db, search: SearchInput, mates: Set<string>) {
  const box = boundingBox(search.postcode, search.miles);
  const visible = or(eq(givingProfiles.openToNewTeams, true), mates.size ? inArray(givingProfiles.personId, [...mates]) : undefined);
  const rows = await db
    .select({ profile: givingProfiles, name: people.name })
    .from(givingProfiles)
    .innerJoin(people, eq(people.id, givingProfiles.personId))
    .where(
      and(
        gte(givingProfiles.lat, box.minLat), lte(givingProfiles.lat, box.maxLat),
        gte(givingProfiles.lng, box.minLng), lte(givingProfiles.lng, box.maxLng),
        search.open ? eq(givingProfiles.openToNewTeams, true) : visible,
        // No rate means a volunteer or someone the co-op employs: never above anyone's limit.
        search.maxRate !== null ? or(lte(givingProfiles.hourlyRatePence, search.maxRate), isNull(givingProfiles.hourlyRatePence)) : undefined,
      ),
    );
  const wantedLanguages = search.languages.map((l) => l.toLowerCase());
  const fitsSlot = (slots: string[]) =>
    !search.day && !search.part ? true : slots.some((s) => (!search.day || s.startsWith(`${search.day}-`)) && (!search.part || s.endsWith(`-${search.part}`)));
  return rows
    .map(({ profile, name }) => ({ ...profile, name, miles: milesBetween(search.postcode, profile) }))
    .filter((p) => p.miles <= search.miles && p.miles <= p.travelMiles)
    .filter((p) => search.skills.every((s) => p.supportOffered.includes(s) || p.expertise.includes(s)))
    .filter((p) => wantedLanguages.every((l) => p.languages.some((x) => x.toLowerCase() === l)))
    .filter((p) => fitsSlot(p.availability))
    .sort((a, b) => a.miles - b.miles || a.name.localeCompare(b.name))
    .slice(0, SEARCH_LIMIT);
}

/**
 * Open call-outs within the supporter's own travel distance, with whether they have answered.
 * A call-out names no team and no person: only the wording the owner consented to and the area.
 */
export async function callOutsNear(db: Db, profile: GivingProfile) {
  const box = boundingBox(profile, profile.travelMiles);
  const rows = await db
    .select()
    .from(callOuts)
    .where(and(eq(callOuts.state, 'open'), gte(callOuts.lat, box.minLat), lte(callOuts.lat, box.maxLat), gte(callOuts.lng, box.minLng), lte(callOuts.lng, box.maxLng)))
    .orderBy(desc(callOuts.updatedAt))
    .limit(200);
  const answered = new Set(
    (await db.select({ id: callOutInterests.callOutId }).from(callOutInterests).where(eq(callOutInterests.personId, profile.personId))).map((r) => r.id),
  );
  return rows
    .map((callOut) => ({ ...callOut, miles: milesBetween(profile, callOut), interested: answered.has(callOut.id) }))
    .filter((c) => c.miles <= profile.travelMiles)
    .sort((a, b) => a.miles - b.miles);
}

export async function getCallOut(db: Db, id: string): Promise<CallOut | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(callOuts).where(eq(callOuts.id, id));
  return row ?? null;
}

export async function getShortlistEntry(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(shortlistEntries).where(eq(shortlistEntries.id, id));
  return row ?? null;
}

/** Everything a team's matching page shows: its call-outs with who answered, and its shortlist. */
export async function teamMatching(db: Db, teamId: string) {
  const list = await db.select().from(callOuts).where(eq(callOuts.teamId, teamId)).orderBy(desc(callOuts.createdAt)).limit(50);
  const interests = list.length
    ? await db
        .select({ callOutId: callOutInterests.callOutId, personId: callOutInterests.personId, name: people.name, message: callOutInterests.message, at: callOutInterests.createdAt })
        .from(callOutInterests)
        .innerJoin(people, eq(people.id, callOutInterests.personId))
        .where(inArray(callOutInterests.callOutId, list.map((c) => c.id)))
        .orderBy(asc(callOutInterests.createdAt))
    : [];
  const shortlist = await db
    .select({ entry: shortlistEntries, name: people.name })
    .from(shortlistEntries)
    .innerJoin(people, eq(people.id, shortlistEntries.personId))
    .where(and(eq(shortlistEntries.teamId, teamId), ne(shortlistEntries.state, 'removed')))
    .orderBy(asc(shortlistEntries.createdAt))
    .limit(100);
  return {
    callOuts: list.map((c) => ({ ...c, interested: interests.filter((i) => i.callOutId === c.id) })),
    shortlist: shortlist.map((s) => ({ ...s.entry, name: s.name })),
  };
}

/** A supporter's own introductions to teams (not the team's private shortlisting before that). */
export async function myIntroductions(db: Db, personId: string) {
  const rows = await db
    .select()
    .from(shortlistEntries)
    .where(and(eq(shortlistEntries.personId, personId), inArray(shortlistEntries.state, ['introduced', 'met', 'went_well', 'not_a_fit'])))
    .orderBy(desc(shortlistEntries.updatedAt))
    .limit(50);
  const out = [];
  for (const r of rows) out.push({ ...r, teamName: (await getCircle(db, r.teamId))?.name ?? '' });
  return out;
}
