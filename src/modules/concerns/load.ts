import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { recordAccess } from '../../platform/access-log.ts';
import { requireActor } from '../../platform/authz.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db, Tx } from '../../platform/db.ts';
import { NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { unseal } from '../../platform/encryption/envelope.ts';
import { accessLog } from '../../platform/schema.ts';
import { people } from '../people/schema.ts';
import { canHandleConcern, concernReadReason, conflictReadReason, supportFacts } from './policy.ts';
import { concernSteps, concernViewers, concerns, conflictSteps, conflicts } from './schema.ts';

export const CONCERN_RECORD = 'concern';
export const CONFLICT_RECORD = 'conflict';

const notFound = () => new NotFound('That concern was not found.');

/** A concern with who is who around it; `lock` takes the row for update inside a command. */
export async function loadConcern(db: Db | Tx, id: unknown, now: Date, lock = false) {
  if (!isUuid(id)) throw notFound();
  const query = db.select().from(concerns).where(eq(concerns.id, id));
  const [stored] = lock ? await query.for('update') : await query;
  if (!stored) throw notFound();
  // The details are sealed (ADR 0024); every reader of a concern comes through here.
  const concern = { ...stored, details: await unseal(db, stored.details) };
  const facts = await supportFacts(db, concern.teamId, now);
  const viewerIds = (await db.select({ personId: concernViewers.personId }).from(concernViewers).where(eq(concernViewers.concernId, id))).map((v) => v.personId);
  return { concern, facts, sight: { raisedBy: concern.raisedBy, aboutPersonId: concern.aboutPersonId, viewerIds } };
}

export type LoadedConcern = Awaited<ReturnType<typeof loadConcern>>;

/** Who has read this record, newest first, from the access log. */
export async function readersOf(db: Db | Tx, recordType: string, recordId: string) {
  return db
    .select({ at: accessLog.at, name: people.name, reason: accessLog.reason })
    .from(accessLog)
    .leftJoin(people, eq(people.id, accessLog.actorId))
    .where(and(eq(accessLog.recordType, recordType), eq(accessLog.recordId, recordId)))
    .orderBy(desc(accessLog.seq))
    .limit(200);
}

async function names(db: Db | Tx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, unique));
  return new Map(rows.map((p) => [p.id, p.name]));
}

/**
 * Read one concern: "not found" unless policy.ts says why this person may see it, and the
 * read is written to the access log with that reason. Handlers also get who has read it.
 */
export async function readConcern(ctx: Ctx, input: { concernId: string }) {
  const actor = requireActor(ctx.actor);
  const loaded = await loadConcern(ctx.tx, input.concernId, ctx.now);
  const { concern, facts, sight } = loaded;
  const reason = concernReadReason(actor, facts, sight);
  if (!reason) throw notFound();
  await recordAccess(ctx.tx, ctx.now, { actorId: actor.personId, recordType: CONCERN_RECORD, recordId: concern.id, ownerId: facts.team.ownerId, reason });
  const steps = [];
  for (const s of await ctx.tx.select().from(concernSteps).where(eq(concernSteps.concernId, concern.id)).orderBy(asc(concernSteps.at))) steps.push({ ...s, note: await unseal(ctx.tx, s.note) });
  const handler = canHandleConcern(actor, facts, sight);
  const who = await names(ctx.tx, [concern.raisedBy, ...(concern.aboutPersonId ? [concern.aboutPersonId] : []), ...steps.map((s) => s.byId), ...sight.viewerIds]);
  return {
    concern,
    team: facts.team,
    steps: steps.map((s) => ({ ...s, byName: who.get(s.byId) ?? '' })),
    raisedByName: who.get(concern.raisedBy) ?? '',
    aboutName: concern.aboutPersonId ? (who.get(concern.aboutPersonId) ?? '') : null,
    viewers: sight.viewerIds.map((id) => ({ id, name: who.get(id) ?? '' })),
    handler,
    readers: handler ? await readersOf(ctx.tx, CONCERN_RECORD, concern.id) : [],
  };
}

export type ConcernView = Awaited<ReturnType<typeof readConcern>>;

export async function loadConflict(db: Db | Tx, id: unknown, now: Date, lock = false) {
  if (!isUuid(id)) throw new NotFound('That conflict record was not found.');
  const query = db.select().from(conflicts).where(eq(conflicts.id, id));
  const [conflict] = lock ? await query.for('update') : await query;
  if (!conflict) throw new NotFound('That conflict record was not found.');
  return { conflict, facts: await supportFacts(db, conflict.teamId, now) };
}

/** Read one conflict record, logged like a concern. Everyone who may see it may also move it on. */
export async function readConflict(ctx: Ctx, input: { conflictId: string }) {
  const actor = requireActor(ctx.actor);
  const { conflict, facts } = await loadConflict(ctx.tx, input.conflictId, ctx.now);
  const reason = conflictReadReason(actor, facts, conflict);
  if (!reason) throw new NotFound('That conflict record was not found.');
  await recordAccess(ctx.tx, ctx.now, { actorId: actor.personId, recordType: CONFLICT_RECORD, recordId: conflict.id, ownerId: facts.team.ownerId, reason });
  const steps = await ctx.tx.select().from(conflictSteps).where(eq(conflictSteps.conflictId, conflict.id)).orderBy(asc(conflictSteps.at));
  const who = await names(ctx.tx, [...conflict.involvedIds, ...steps.map((s) => s.byId)]);
  return {
    conflict,
    team: facts.team,
    involved: conflict.involvedIds.map((id) => ({ id, name: who.get(id) ?? '' })),
    steps: steps.map((s) => ({ ...s, byName: who.get(s.byId) ?? '' })),
    readers: await readersOf(ctx.tx, CONFLICT_RECORD, conflict.id),
  };
}

export type ConflictView = Awaited<ReturnType<typeof readConflict>>;
