import { and, desc, eq, inArray, notInArray } from 'drizzle-orm';
import { recordAccess } from '../../platform/access-log.ts';
import { requireActor } from '../../platform/authz.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { isoDate } from '../circles/dates.ts';
import { getCircle } from '../circles/queries.ts';
import { circlesWhereRole } from '../circles/roles.ts';
import { circles as circlesTable } from '../circles/schema.ts';
import { canInvite } from '../people/policy.ts';
import { people } from '../people/schema.ts';
import { teams } from '../teams/schema.ts';
import { type BoardColumn, boardColumn, boardColumns } from './board.ts';
import { finished, stepsAllowed } from './machine.ts';
import { canRunEnquiries, readReason, starterPeople } from './policy.ts';
import { type Enquiry, starterEnquiries } from './schema.ts';

// Reads that show what people told a Team Starter: each one writes an access-log row.

/** One enquiry for someone allowed to see it; everyone else is told it does not exist. */
export async function readEnquiry(ctx: Ctx, input: { enquiryId: string }) {
  const actor = requireActor(ctx.actor);
  const [enquiry] = isUuid(input.enquiryId) ? await ctx.tx.select().from(starterEnquiries).where(eq(starterEnquiries.id, input.enquiryId)) : [];
  if (!enquiry) throw new NotFound('That enquiry was not found.');
  const who = await starterPeople(ctx.tx, enquiry.circleId, ctx.now);
  const reason = readReason(actor, who, enquiry);
  if (!reason) throw new NotFound('That enquiry was not found.');
  await recordAccess(ctx.tx, ctx.now, { actorId: actor.personId, recordType: 'starter-enquiry', recordId: enquiry.id, ownerId: enquiry.personId, reason });
  const circle = await getCircle(ctx.tx, enquiry.circleId);
  const [person] = enquiry.personId ? await ctx.tx.select({ id: people.id, name: people.name, email: people.email }).from(people).where(eq(people.id, enquiry.personId)) : [];
  const team = enquiry.teamId ? await getCircle(ctx.tx, enquiry.teamId) : null;
  const [teamRow] = enquiry.teamId ? await ctx.tx.select({ selfManagingAt: teams.selfManagingAt }).from(teams).where(eq(teams.circleId, enquiry.teamId)) : [];
  return {
    enquiry,
    circle: { id: enquiry.circleId, name: circle?.name ?? '' },
    person: person ?? null,
    team: team ? { id: team.id, name: team.name, selfManagingAt: teamRow?.selfManagingAt ?? null } : null,
    canRun: canRunEnquiries(actor, who),
    isTeamStarter: who.teamStarters.includes(actor.personId),
    canInvite: canInvite(actor),
    steps: stepsAllowed(enquiry.state, { records: enquiry.records, teamId: enquiry.teamId, teamSelfManaging: !!teamRow?.selfManagingAt }),
    checkInDue: enquiry.nextCheckIn <= isoDate(ctx.now) && !['signposted', 'ended'].includes(enquiry.state),
  };
}
export type EnquiryPage = Awaited<ReturnType<typeof readEnquiry>>;

export interface BoardCard {
  id: string;
  forName: string;
  state: Enquiry['state'];
  nextCheckIn: string;
  teamId: string | null;
}

/** Open enquiries a board shows at most, and how many finished ones (most recent first). */
const OPEN_LIMIT = 500;
const FINISHED_LIMIT = 50;

/** A Local Circle's board, for its Team Starters and Coaches only. */
export async function readBoard(ctx: Ctx, input: { circleId: string }) {
  const actor = requireActor(ctx.actor);
  const circle = await getCircle(ctx.tx, input.circleId);
  if (!circle || circle.kind !== 'circle' || !canRunEnquiries(actor, await starterPeople(ctx.tx, circle.id, ctx.now))) throw new NotFound('That board was not found.');
  await recordAccess(ctx.tx, ctx.now, { actorId: actor.personId, recordType: 'starter-board', recordId: circle.id, ownerId: null, reason: 'Team Starter or Coach of the Local Circle' });
  const open = await ctx.tx.select().from(starterEnquiries)
    .where(and(eq(starterEnquiries.circleId, circle.id), notInArray(starterEnquiries.state, ['signposted', 'ended'])))
    .orderBy(desc(starterEnquiries.updatedAt)).limit(OPEN_LIMIT);
  const closed = await ctx.tx.select().from(starterEnquiries)
    .where(and(eq(starterEnquiries.circleId, circle.id), inArray(starterEnquiries.state, ['signposted', 'ended'])))
    .orderBy(desc(starterEnquiries.updatedAt)).limit(FINISHED_LIMIT);
  const today = isoDate(ctx.now);
  const columns = new Map<BoardColumn, BoardCard[]>(boardColumns.map((c) => [c.key, []]));
  for (const e of [...open, ...closed]) {
    columns.get(boardColumn(e, today))?.push({ id: e.id, forName: e.records.first_contact?.forName ?? '', state: e.state, nextCheckIn: e.nextCheckIn, teamId: e.teamId });
  }
  for (const cards of columns.values()) cards.sort((a, b) => a.nextCheckIn.localeCompare(b.nextCheckIn));
  return { circle: { id: circle.id, name: circle.name }, columns: boardColumns.map((c) => ({ ...c, cards: columns.get(c.key) ?? [] })) };
}
export type Board = Awaited<ReturnType<typeof readBoard>>;

/** Where the person starts teams (their Team Starter and Coach hats), and the enquiries that are about them. */
export async function starterOverview(db: Db, personId: string, now: Date) {
  const ids = await circlesWhereRole(db, personId, ['team-starter', 'coach'], now);
  const rows = ids.length ? await db.select({ id: circlesTable.id, name: circlesTable.name }).from(circlesTable).where(inArray(circlesTable.id, ids)).orderBy(circlesTable.name) : [];
  const circles = new Map(rows.map((c) => [c.id, { href: `/circles/${c.id}/board`, name: c.name }]));
  const own = await db.select({ id: starterEnquiries.id, state: starterEnquiries.state, teamId: starterEnquiries.teamId })
    .from(starterEnquiries).where(eq(starterEnquiries.personId, personId)).limit(20);
  return { boards: [...circles.values()], own: own.map((e) => ({ ...e, finished: finished.includes(e.state) })) };
}
