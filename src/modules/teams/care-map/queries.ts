import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { hatRoles } from '../../circles/roles.ts';
import { NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { assertMayKeepCareMap, assertMayReadCareMap, isOwnerSide, loadTeam } from '../policy.ts';
import type { SupporterKind } from '../schema.ts';
import { type TeamJoinRow, type TeamSurroundings, teamSurroundings } from '../surroundings.ts';
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

/**
 * The community care map of a team, for someone in it: the owner at the centre, the team's
 * people by how they take part with their hats, the recorded connections, the Local Circle.
 */
export async function readCareMap(ctx: Ctx, input: { teamId: string }): Promise<CareMap> {
  const loaded = await loadTeam(ctx.tx, input.teamId, ctx.now);
  assertMayReadCareMap(ctx.actor, loaded.facts);
  return careMapOf(ctx.actor, loaded, await teamSurroundings(ctx.tx, loaded.facts.team.id));
}

type LoadedTeam = Pick<Awaited<ReturnType<typeof loadTeam>>, 'facts' | 'members' | 'hats'>;

/** What around a team the map shows: how each person joined, the connections, the Local Circle. */
type MapAround = Pick<TeamSurroundings, 'connections' | 'localCircle'> & { joins: readonly { join: Pick<TeamJoinRow['join'], 'personId' | 'state' | 'supporterKind'> }[] };

/** The map from a team already loaded and what is around it (the team page has both), asking the same rule first. */
export function careMapOf(actor: Actor | null, { facts: f, members, hats }: LoadedTeam, around: MapAround): CareMap {
  assertMayReadCareMap(actor, f);
  const ids = new Set(members.map((m) => m.personId));
  // Each member's latest way in (joins come newest first) says how they take part (a friend, a
  // paid supporter); someone added before joins were recorded has none and is shown among the others.
  const kindOf = new Map<string, SupporterKind>();
  for (const { join: j } of around.joins) if (ids.has(j.personId) && (j.state === 'joined' || j.state === 'trial') && !kindOf.has(j.personId)) kindOf.set(j.personId, j.supporterKind);
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
  const { connections, localCircle } = around;
  const changed = connections.reduce<Date | null>((at, c) => (!at || c.updatedAt > at ? c.updatedAt : at), null);
  return {
    team: { id: f.team.id, name: f.team.name },
    owner: person(f.team.ownerId, ownerRow?.name ?? 'The owner'),
    groups: groups.filter((g) => g.people.length > 0),
    connections,
    localCircle,
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
