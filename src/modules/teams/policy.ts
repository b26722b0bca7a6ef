import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { NotAllowed, NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { type CircleFacts, circleFactsMany } from '../circles/facts.ts';
// Wherever team code runs (pages, API, jobs, the demo, a script), the generic circle paths ask
// the team's rules: registering them here means no entry point can forget to (closed if none).
import './circle-rules.ts';

export interface TeamFacts {
  team: { id: string; name: string; ownerId: string; parentId: string | null };
  advocateId: string | null;
  memberIds: string[];
  /** Holders of the team's membership hat (any team hat whose name says "membership"). */
  welcomers: string[];
}

/** What every team decision needs to know about who is who. Not found for non-teams too. */
export async function teamFacts(db: Db, teamId: unknown, now: Date): Promise<TeamFacts> {
  return (await loadTeam(db, teamId, now)).facts;
}

/** A team's facts from its circle's (circles/facts.ts), or null for anything that is not a team. */
export function asTeam(loaded: CircleFacts | undefined) {
  if (!loaded) return null;
  const { circle, settings, members, hats } = loaded;
  if (circle.kind !== 'team' || !circle.ownerId) return null;
  const welcomers = hats.filter((h) => /membership/i.test(h.name)).flatMap((h) => h.holders.map((x) => x.personId));
  const facts: TeamFacts = {
    team: { id: circle.id, name: circle.name, ownerId: circle.ownerId, parentId: circle.parentId },
    advocateId: settings?.advocateId ?? null,
    memberIds: members.map((m) => m.personId),
    welcomers,
  };
  return { facts, settings, members, hats };
}

/**
 * The team's facts with the rows they were read from (settings, members, hats), so a page that
 * shows those too does not read them again. One statement (ADR 0028).
 */
export async function loadTeam(db: Db, teamId: unknown, now: Date) {
  const team = isUuid(teamId) ? asTeam((await circleFactsMany(db, [teamId], now)).get(teamId)) : null;
  if (!team) throw new NotFound('That team was not found.');
  return team;
}

/**
 * loadTeam for many teams at once, by id, in one statement whatever their number (a list over
 * concerns or conflicts decides team by team). An id that is not a team is left out: a caller
 * that finds no facts decides no.
 */
export async function loadTeams(db: Db, teamIds: readonly unknown[], now: Date) {
  const found = await circleFactsMany(db, teamIds.filter(isUuid), now);
  const out = new Map<string, NonNullable<ReturnType<typeof asTeam>>>();
  for (const [id, loaded] of found) {
    const team = asTeam(loaded);
    if (team) out.set(id, team);
  }
  return out;
}

/** The owner, or their advocate acting for them: the owner decides who is in and who sees what. */
export const isOwnerSide = (actor: Actor | null, f: TeamFacts): boolean =>
  !!actor && (actor.personId === f.team.ownerId || actor.personId === f.advocateId);

/** Who may invite and approve: the owner's side and the team's membership hat. */
export const canWelcome = (actor: Actor | null, f: TeamFacts): boolean => isOwnerSide(actor, f) || (!!actor && f.welcomers.includes(actor.personId));

/** The team's own people: members, the owner and the advocate. Nobody else sees a team. */
export const isInTeam = (actor: Actor | null, f: TeamFacts): boolean => isOwnerSide(actor, f) || (!!actor && f.memberIds.includes(actor.personId));

/**
 * The community care map (DOMAIN.md 8): the team's own people read it, as they read the team
 * page; anyone else, an admin included, is told the team does not exist.
 */
export function assertMayReadCareMap(actor: Actor | null, f: TeamFacts): void {
  if (!isInTeam(actor, f)) throw new NotFound('That team was not found.');
}

/** The owner's side keeps the care map up to date: it is the owner's picture of their own life. */
export function assertMayKeepCareMap(actor: Actor | null, f: TeamFacts): void {
  assertMayReadCareMap(actor, f);
  if (!isOwnerSide(actor, f)) throw new NotAllowed('Only the owner or their advocate changes the circle of support.');
}
