import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { circleFactsOfTeams } from '../circles/facts.ts';
import type { HatRole } from '../circles/roles.ts';
import { type TeamFacts, asTeam, isInTeam, isOwnerSide } from '../teams/policy.ts';

/** The roles that carry support for a team (by the hat's typed role, whatever the circle calls it). */
export const HAT = { starter: 'team-starter', coach: 'coach', safeguarding: 'safeguarding-lead' } as const satisfies Record<string, HatRole>;

export interface SupportFacts extends TeamFacts {
  /** Holders of the team's own Safeguarding Lead hat. */
  safeguardingLeads: string[];
  /** Holders of the Local Circle's Team Starter hat. */
  localStarters: string[];
  /** Holders of the Local Circle's Coach hat. */
  localCoaches: string[];
  /** Anyone wearing a Team Starter, Coach or Safeguarding Lead hat in the team or its Local Circle. */
  supportHats: string[];
}

/** The support hats' holders around one team, from the hats in force in the team and its Local Circle. */
function withSupport(f: TeamFacts, hats: readonly { circleId: string; personId: string; role: string | null }[]): SupportFacts {
  const roles: string[] = Object.values(HAT);
  const local = f.team.parentId;
  const held = (circleId: string | null, role: string) => hats.filter((h) => h.circleId === circleId && h.role === role).map((h) => h.personId);
  return {
    ...f,
    safeguardingLeads: held(f.team.id, HAT.safeguarding),
    localStarters: held(local, HAT.starter),
    localCoaches: held(local, HAT.coach),
    supportHats: [...new Set(roles.flatMap((r) => [...held(f.team.id, r), ...held(local, r)]))],
  };
}

/** Who is who around a team, for concerns and conflict support: one statement. Not found for a non-team. */
export async function supportFacts(db: Db, teamId: unknown, now: Date): Promise<SupportFacts> {
  const f = isUuid(teamId) ? (await supportFactsMany(db, [teamId], now)).get(teamId) : undefined;
  if (!f) throw new NotFound('That team was not found.');
  return f;
}

/**
 * supportFacts of many teams at once (issue 20: home and the concerns list decide team by
 * team): the teams' facts with the support hats in the teams and their Local Circles, in one
 * statement whatever the number of teams (ADR 0039). A non-team is left out.
 */
export async function supportFactsMany(db: Db, teamIds: readonly string[], now: Date): Promise<Map<string, SupportFacts>> {
  const out = new Map<string, SupportFacts>();
  for (const [id, loaded] of await circleFactsOfTeams(db, teamIds, now)) {
    const team = asTeam(loaded);
    if (!team) continue;
    // The team's own hats in force, and its Local Circle's support hats, as one list of who wears what where.
    const own = loaded.hats.flatMap((h) => h.holders.map((x) => ({ circleId: id, personId: x.personId, role: h.role })));
    const local = team.facts.team.parentId ? loaded.localHats.map((h) => ({ circleId: team.facts.team.parentId as string, personId: h.personId, role: h.role })) : [];
    out.set(id, withSupport(team.facts, [...own, ...local]));
  }
  return out;
}

/** Anyone in the team, and anyone wearing a support hat for it, may raise a concern or ask for conflict support. */
export const canRaise = (actor: Actor | null, f: SupportFacts): boolean =>
  isInTeam(actor, f) || (!!actor && f.supportHats.includes(actor.personId));

/** The people a concern may be about, or who may be involved in a conflict: the team's own people. */
export const teamPeople = (f: TeamFacts): string[] => [...new Set([f.team.ownerId, ...(f.advocateId ? [f.advocateId] : []), ...f.memberIds])];

export interface ConcernSight {
  raisedBy: string;
  aboutPersonId: string | null;
  viewerIds: string[];
}

/**
 * Who handles a concern: the team's Safeguarding Lead and the Local Circle's Team Starter and
 * Coach. Nobody handles a concern about themselves.
 */
export const concernHandlers = (f: SupportFacts, c: Pick<ConcernSight, 'aboutPersonId'>): string[] =>
  [...new Set([...f.safeguardingLeads, ...f.localStarters, ...f.localCoaches])].filter((id) => id !== c.aboutPersonId);

/**
 * Why this person may read the concern, or null: then they get "not found", admins included.
 * The person it is about never sees it, whatever else they are.
 */
export function concernReadReason(actor: Actor | null, f: SupportFacts, c: ConcernSight): string | null {
  if (!actor || actor.personId === c.aboutPersonId) return null;
  if (concernHandlers(f, c).includes(actor.personId)) return 'handles concerns for the team';
  if (actor.personId === c.raisedBy) return 'raised the concern';
  if (isOwnerSide(actor, f)) return actor.personId === f.team.ownerId ? 'team owner' : "team owner's advocate";
  if (c.viewerIds.includes(actor.personId)) return 'added by a handler';
  return null;
}

export const canHandleConcern = (actor: Actor | null, f: SupportFacts, c: Pick<ConcernSight, 'aboutPersonId'>): boolean =>
  !!actor && concernHandlers(f, c).includes(actor.personId);

/** Conflict support is seen by the people involved, whoever asked for it, the owner's side and the Local Circle's coaches. */
export function conflictReadReason(actor: Actor | null, f: SupportFacts, c: { openedBy: string; involvedIds: string[] }): string | null {
  if (!actor) return null;
  if (c.involvedIds.includes(actor.personId)) return 'involved';
  if (actor.personId === c.openedBy) return 'asked for conflict support';
  if (isOwnerSide(actor, f)) return actor.personId === f.team.ownerId ? 'team owner' : "team owner's advocate";
  if (f.localCoaches.includes(actor.personId)) return 'Local Circle coach';
  return null;
}

export const isOwnerSideId = (personId: string, f: TeamFacts): boolean => personId === f.team.ownerId || personId === f.advocateId;
