import { and, asc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAccess, recordAccesses } from '../../../platform/access-log.ts';
import { keyset, pageFrom, pageOf } from '../../../platform/keyset.ts';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { NotFound } from '../../../platform/errors.ts';
import { parseInput } from '../../../platform/validate.ts';
import { localDate } from '../../../platform/zoned-time.ts';
import { people } from '../../people/schema.ts';
import { hatInForceSql } from '../../circles/roles.ts';
import { careLogStates, careLogVersions, careLogs } from '../schema.ts';
import { type CareLog, lockLog } from './load.ts';
import { type LogFacts, adjusterSide, isResolver, listReadReason, logFacts, logFactsMany, mayAddLog, mayResolve, sideOf } from './policy.ts';
import { autoConfirmFor } from './jobs.ts';
import { stepAllowed } from './machine.ts';

export const CARE_LOG_RECORD = 'care_log';
export const CARE_LOG_LIST_RECORD = 'care_log_list';
const PAGE = 50;

export async function namesOf(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type LogAction = 'confirm' | 'adjust' | 'dispute' | 'resolve' | 'correct';

/** The steps this viewer can take on this log now: the page shows exactly these forms. */
export function actionsFor(ctx: Pick<Ctx, 'actor'>, f: LogFacts, log: CareLog, hasLiveCorrection: boolean): LogAction[] {
  const side = sideOf(ctx.actor, f, log);
  const out: LogAction[] = [];
  if (side) {
    const mine = side === 'supporter' ? log.supporterConfirmedAt : log.ownerConfirmedAt;
    if (stepAllowed('confirm', log.state) && (log.state === 'pending' ? !mine : adjusterSide(log) !== side)) out.push('confirm');
    if (stepAllowed('adjust', log.state)) out.push('adjust');
    if (stepAllowed('dispute', log.state)) out.push('dispute');
    if (stepAllowed('correct', log.state) && !hasLiveCorrection) out.push('correct');
  }
  if (mayResolve(ctx.actor, f, log) && stepAllowed('resolve', log.state)) out.push('resolve');
  return out;
}

/** One log with its history of versions, for its page or the API. The read is logged. */
export async function readCareLog(ctx: Ctx, input: { logId: unknown }) {
  const actor = requireActor(ctx.actor);
  const { log, facts, reason } = await lockLog(ctx, input.logId, false);
  await recordAccess(ctx.tx, ctx.now, { actorId: actor.personId, recordType: CARE_LOG_RECORD, recordId: log.id, ownerId: facts.team.ownerId, reason });
  const versions = await ctx.tx.select().from(careLogVersions).where(eq(careLogVersions.logId, log.id)).orderBy(asc(careLogVersions.seq)).limit(200);
  const corrections = await ctx.tx
    .select({ id: careLogs.id, state: careLogs.state })
    .from(careLogs)
    .where(eq(careLogs.correctsId, log.id))
    .orderBy(asc(careLogs.createdAt))
    .limit(20);
  const names = await namesOf(ctx.tx, [log.supporterId, log.ownerConfirmedBy, log.adjustedBy, log.disputedBy, log.resolvedBy, log.createdBy, ...versions.map((v) => v.actorId)]);
  const hasLiveCorrection = corrections.some((c) => c.state !== 'void');
  return {
    log,
    team: facts.team,
    names: Object.fromEntries(names),
    versions: versions.map((v) => ({ seq: v.seq, at: v.at, actorId: v.actorId, actorName: v.actorId ? (names.get(v.actorId) ?? null) : null, content: v.content })),
    corrections,
    actions: actionsFor(ctx, facts, log, hasLiveCorrection),
    side: sideOf(actor, facts, log),
  };
}
export type CareLogView = Awaited<ReturnType<typeof readCareLog>>;

export const listFilter = z.object({
  state: z.union([z.literal(''), z.enum(careLogStates)], { error: 'Choose a state from the list' }).optional().default(''),
  month: z.union([z.literal(''), z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Enter a month like 2026-11')]).optional().default(''),
  /** The next page's cursor (older logs). */
  before: z.string().max(100).optional(),
  /** The previous page's cursor (newer logs). */
  newer: z.string().max(100).optional(),
  timeZone: z.string().default('Europe/London'),
});

/**
 * A team's logs, newest first, 50 at a time (keyset on start and id, older with ?before=, newer
 * again with ?newer=), by state and month.
 * One access-log row for the list (recordType care_log_list, the team's id): the list shows
 * times and who, and each log opened from it is logged again on its own page.
 */
export async function listTeamCareLogs(ctx: Ctx, input: Record<string, unknown> & { teamId: unknown }) {
  const actor = requireActor(ctx.actor);
  const facts = await logFacts(ctx.tx, input.teamId, ctx.now, actor);
  const reason = listReadReason(actor, facts);
  if (!reason) throw new NotFound('That team was not found.');
  const filter = parseInput(listFilter, input);
  // The list is newest first: the next page ("before", older) is after the cursor in its order, the previous ("newer") before it.
  const from = pageFrom({ after: filter.before, before: filter.newer });
  const page = keyset(careLogs.startsAt, careLogs.id, from, 'desc');
  const tz = filter.timeZone;
  const read = await ctx.tx
    .select({ log: careLogs, supporterName: people.name })
    .from(careLogs)
    .innerJoin(people, eq(people.id, careLogs.supporterId))
    .where(
      and(
        eq(careLogs.teamId, facts.team.id),
        filter.state ? eq(careLogs.state, filter.state) : undefined,
        filter.month ? sql`${careLogs.startsAt} >= (${`${filter.month}-01`}::date)::timestamp AT TIME ZONE ${tz}` : undefined,
        filter.month ? sql`${careLogs.startsAt} < ((${`${filter.month}-01`}::date) + interval '1 month') AT TIME ZONE ${tz}` : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(PAGE + 1);
  const { rows, prev, next } = pageOf(read, from, PAGE, (r) => ({ at: r.log.startsAt, id: r.log.id }));
  await recordAccess(ctx.tx, ctx.now, { actorId: actor.personId, recordType: CARE_LOG_LIST_RECORD, recordId: facts.team.id, ownerId: facts.team.ownerId, reason });
  return {
    team: facts.team,
    filter: { state: filter.state, month: filter.month },
    logs: rows.map((r) => ({ ...r.log, supporterName: r.supporterName })),
    next,
    prev,
    ownerSide: facts.team.ownerId === actor.personId || facts.advocateId === actor.personId,
    isMember: facts.memberIds.includes(actor.personId) && facts.team.ownerId !== actor.personId,
    // The add-a-log link is offered to whoever its page lets in (a reader with special access logs nothing).
    mayAdd: mayAddLog(actor, facts),
    autoConfirm: await autoConfirmFor(ctx.tx, facts.team.id),
  };
}
export type TeamLogsView = Awaited<ReturnType<typeof listTeamCareLogs>>;

/**
 * The teams whose logs wait for the person beyond their own: where they are the owner's side
 * (the owner or the advocate), and where they resolve disputes (the Local Circle's Coach or
 * Leader hat, in term). One statement.
 */
async function teamsWaitingOn(db: Db, personId: string, today: string): Promise<{ owned: string[]; resolving: string[] }> {
  const rows = await db.execute(sql`
    (SELECT id, 'owned' AS why FROM circles WHERE kind = 'team' AND owner_id = ${personId}
     UNION SELECT circle_id, 'owned' FROM teams WHERE advocate_id = ${personId} LIMIT 200)
    UNION ALL
    (SELECT DISTINCT t.id, 'resolving' FROM hat_assignments a
      JOIN hat_definitions d ON d.id = a.hat_id
      JOIN circles t ON t.parent_id = a.circle_id AND t.kind = 'team'
    WHERE a.person_id = ${personId} AND ${hatInForceSql('a', today)}
      AND d.role IN ('leader', 'coach')
    LIMIT 200)`);
  const all = (rows as unknown as { rows: { id: string; why: string }[] }).rows;
  return { owned: all.filter((r) => r.why === 'owned').map((r) => r.id), resolving: all.filter((r) => r.why === 'resolving').map((r) => r.id) };
}

/**
 * "Waiting for me": logs the person is asked to confirm as supporter or as the owner's side,
 * and disputes they resolve. Bounded; one access-log row per team whose logs are shown.
 */
export async function logsWaitingFor(ctx: Ctx, _input: Record<string, unknown> = {}) {
  const actor = requireActor(ctx.actor);
  const me = actor.personId;
  const { owned, resolving } = await teamsWaitingOn(ctx.tx, me, localDate(ctx.now));
  const waiting = (state: 'pending' | 'adjusted') => eq(careLogs.state, state);
  const rows = await ctx.tx
    .select({ log: careLogs, supporterName: people.name })
    .from(careLogs)
    .innerJoin(people, eq(people.id, careLogs.supporterId))
    .where(
      or(
        and(eq(careLogs.supporterId, me), or(and(waiting('pending'), isNull(careLogs.supporterConfirmedAt)), and(waiting('adjusted'), ne(careLogs.adjustedBy, me)))),
        owned.length
          ? and(inArray(careLogs.teamId, owned), ne(careLogs.supporterId, me), or(and(waiting('pending'), isNull(careLogs.ownerConfirmedAt)), and(waiting('adjusted'), eq(careLogs.adjustedBy, careLogs.supporterId)), eq(careLogs.state, 'disputed')))
          : undefined,
        resolving.length ? and(inArray(careLogs.teamId, resolving), eq(careLogs.state, 'disputed')) : undefined,
      ),
    )
    .orderBy(asc(careLogs.startsAt))
    .limit(100);
  // Re-check each against the same rules as its page (e.g. a Coach hat in another circle): only logs they may read.
  const factsOf = await logFactsMany(ctx.tx, rows.map((r) => r.log.teamId), ctx.now);
  const shown: (CareLog & { teamName: string; supporterName: string; reason: string })[] = [];
  for (const { log, supporterName } of rows) {
    const f = factsOf.get(log.teamId);
    if (!f) continue;
    // A dispute waits for whoever may resolve it, never for a party to the log.
    const reason = log.state === 'disputed' ? (mayResolve(actor, f, log) ? (isResolver(actor, f) ? 'coach: dispute' : f.team.ownerId === me ? 'owner' : 'advocate') : null) : sideOf(actor, f, log) ? (log.supporterId === me ? 'supporter' : f.team.ownerId === me ? 'owner' : 'advocate') : null;
    if (reason) shown.push({ ...log, teamName: f.team.name, supporterName, reason });
  }
  const teamsShown = new Map(shown.map((l) => [l.teamId, l]));
  await recordAccesses(ctx.tx, ctx.now, [...teamsShown].map(([teamId, l]) => ({ actorId: me, recordType: CARE_LOG_LIST_RECORD, recordId: teamId, ownerId: (factsOf.get(teamId) as LogFacts).team.ownerId, reason: l.reason })));
  return { logs: shown };
}
export type WaitingView = Awaited<ReturnType<typeof logsWaitingFor>>;
