import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { hatRoles } from '../../circles/roles.ts';
import { getCircle } from '../../circles/queries.ts';
import { NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { assertMayKeepCareMap, assertMayReadCareMap, isOwnerSide, loadTeam } from '../policy.ts';
import { type SupporterKind, teamJoins } from '../schema.ts';
import { maxConnections } from './commands.ts';
import { teamConnections } from './schema.ts';

/** How someone takes part in the team, as the map groups them (DOMAIN.md 4's kinds of member). */
export const mapGroups = [
  { key: 'advocate', label: 'Advocate' },
  { key: 'family', label: 'Family and friends' },
  { key: 'volunteers', label: 'Volunteers' },
  { key: 'paid', label: 'Paid supporters' },
  { key: 'others', label: 'Others in the team' },
] as const;
export type MapGroupKey = (typeof mapGroups)[number]['key'];

const groupOfKind: Record<SupporterKind, MapGroupKey> = {
  family: 'family', friend: 'family', volunteer: 'volunteers', peer: 'volunteers', paid: 'paid', professional: 'others', 'team-starter': 'others',
};
/** The words for a supporter kind, as a person would say them. */
export const kindWords: Record<SupporterKind, string> = {
  family: 'family', friend: 'friend', volunteer: 'volunteer', peer: 'peer supporter', paid: 'paid supporter', professional: 'professional', 'team-starter': 'Team Starter',
};

export interface MapHat { name: string; role: string | null }
export interface MapPerson { personId: string; name: string; kind: SupporterKind | null; hats: MapHat[] }
export type Connection = typeof teamConnections.$inferSelect;

export interface CareMap {
  team: { id: string; name: string };
  owner: MapPerson;
  groups: { key: MapGroupKey; label: string; people: MapPerson[] }[];
  connections: Connection[];
  localCircle: { id: string; name: string } | null;
  /** Whether the one asking may change the map (the owner's side). */
  mayKeep: boolean;
  changedAt: Date | null;
}

/** The connections on a team's map, by name (bounded: a map holds at most maxConnections). */
export const connectionsOf = (db: Db, teamId: string) =>
  db.select().from(teamConnections).where(eq(teamConnections.teamId, teamId)).orderBy(asc(teamConnections.name)).limit(maxConnections);

/**
 * The community care map of a team, for someone in it: the owner at the centre, the team's
 * people by how they take part with their hats, the recorded connections, the Local Circle.
 */
export async function readCareMap(ctx: Ctx, input: { teamId: string }): Promise<CareMap> {
  return careMapOf(ctx.tx, ctx.actor, await loadTeam(ctx.tx, input.teamId, ctx.now));
}

type LoadedTeam = Pick<Awaited<ReturnType<typeof loadTeam>>, 'facts' | 'members' | 'hats'>;

/** The map from a team already loaded (the team page has it), asking the same rule first. */
export async function careMapOf(db: Db, actor: Actor | null, { facts: f, members, hats }: LoadedTeam): Promise<CareMap> {
  assertMayReadCareMap(actor, f);
  const ids = members.map((m) => m.personId);
  // Each member's latest way in says how they take part (a friend, a paid supporter); someone
  // added before joins were recorded has none and is shown among the others.
  const joins = ids.length
    ? await db.select({ personId: teamJoins.personId, kind: teamJoins.supporterKind }).from(teamJoins)
      .where(and(eq(teamJoins.teamId, f.team.id), inArray(teamJoins.personId, ids), inArray(teamJoins.state, ['joined', 'trial']))).orderBy(desc(teamJoins.updatedAt))
    : [];
  const kindOf = new Map<string, SupporterKind>();
  for (const j of joins) if (!kindOf.has(j.personId)) kindOf.set(j.personId, j.kind);
  const hatsOf = (personId: string): MapHat[] =>
    hats.filter((h) => h.holders.some((x) => x.personId === personId)).map((h) => ({ name: h.name, role: h.role ? hatRoles[h.role as keyof typeof hatRoles] ?? null : null }));
  const person = (personId: string, name: string): MapPerson => ({ personId, name, kind: kindOf.get(personId) ?? null, hats: hatsOf(personId) });
  const ownerRow = members.find((m) => m.personId === f.team.ownerId);
  const groups = mapGroups.map((g) => ({ ...g, people: [] as MapPerson[] }));
  for (const m of members) {
    if (m.personId === f.team.ownerId) continue;
    const kind = kindOf.get(m.personId);
    const key: MapGroupKey = m.personId === f.advocateId ? 'advocate' : kind ? groupOfKind[kind] : 'others';
    groups.find((g) => g.key === key)?.people.push(person(m.personId, m.name));
  }
  const connections = await connectionsOf(db, f.team.id);
  const local = f.team.parentId ? await getCircle(db, f.team.parentId) : null;
  const changed = connections.reduce<Date | null>((at, c) => (!at || c.updatedAt > at ? c.updatedAt : at), null);
  return {
    team: { id: f.team.id, name: f.team.name },
    owner: person(f.team.ownerId, ownerRow?.name ?? 'The owner'),
    groups: groups.filter((g) => g.people.length > 0),
    connections,
    localCircle: local ? { id: local.id, name: local.name } : null,
    mayKeep: isOwnerSide(actor, f),
    changedAt: changed,
  };
}

/** One connection, for the owner's side to change (the form asks the same rule as the change). */
export async function connectionToChange(ctx: Ctx, input: { teamId: string; connectionId: string }): Promise<Connection & { teamName: string }> {
  const { facts: f } = await loadTeam(ctx.tx, input.teamId, ctx.now);
  assertMayKeepCareMap(ctx.actor, f);
  const [row] = isUuid(input.connectionId) ? await ctx.tx.select().from(teamConnections).where(and(eq(teamConnections.id, input.connectionId), eq(teamConnections.teamId, f.team.id))) : [];
  if (!row) throw new NotFound('That connection is not on this map.');
  return { ...row, teamName: f.team.name };
}
