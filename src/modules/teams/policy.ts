import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { NotAllowed, NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { circleHats, circleMembership, getCircle } from '../circles/queries.ts';
import { teams } from './schema.ts';
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

/**
 * The team's facts with the rows they were read from (settings, members, hats), so a page that
 * shows those too does not read them again.
 */
export async function loadTeam(db: Db, teamId: unknown, now: Date) {
  const circle = isUuid(teamId) ? await getCircle(db, teamId) : null;
  if (!circle || circle.kind !== 'team' || !circle.ownerId) throw new NotFound('That team was not found.');
  const [settings] = await db.select().from(teams).where(eq(teams.circleId, circle.id));
  const members = await circleMembership(db, circle.id, now);
  const hats = await circleHats(db, circle.id, now);
  const welcomers = hats.filter((h) => /membership/i.test(h.name)).flatMap((h) => h.holders.map((x) => x.personId));
  const facts: TeamFacts = {
    team: { id: circle.id, name: circle.name, ownerId: circle.ownerId, parentId: circle.parentId },
    advocateId: settings?.advocateId ?? null,
    memberIds: members.map((m) => m.personId),
    welcomers,
  };
  return { facts, settings, members, hats };
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
