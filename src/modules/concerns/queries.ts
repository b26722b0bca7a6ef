import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { type From, keyset, pageOf } from '../../platform/keyset.ts';
import { circlesOf } from '../circles/queries.ts';
import { isoDate } from '../circles/dates.ts';
import { type HatRole, hatInForceSql } from '../circles/roles.ts';
import { circles } from '../circles/schema.ts';
import { people } from '../people/schema.ts';
import { HAT, concernReadReason, conflictReadReason, supportFactsMany } from './policy.ts';
import { concernViewers, concerns, conflicts } from './schema.ts';

/** Teams the person might see concerns or conflicts of, before the exact rule in policy.ts decides. */
export async function candidateTeams(db: Db, personId: string, now: Date, localHats: HatRole[], teamHats: HatRole[]): Promise<string[]> {
  const today = isoDate(now);
  const local = localHats.length ? sql`${sql.join(localHats.map((r) => sql`${r}`), sql`, `)}` : sql`NULL`;
  const own = teamHats.length ? sql`${sql.join(teamHats.map((r) => sql`${r}`), sql`, `)}` : sql`NULL`;
  // One statement: owned, advocated, under a Local Circle where they wear one of localHats, or a team where they wear one of teamHats.
  const rows = await db.execute(sql`
    SELECT id FROM circles WHERE kind = 'team' AND owner_id = ${personId}
    UNION SELECT circle_id FROM teams WHERE advocate_id = ${personId}
    UNION SELECT t.id FROM hat_assignments a JOIN hat_definitions d ON d.id = a.hat_id
      JOIN circles t ON t.parent_id = a.circle_id AND t.kind = 'team'
      WHERE a.person_id = ${personId} AND ${hatInForceSql('a', today)} AND d.role IN (${local})
    UNION SELECT a.circle_id FROM hat_assignments a JOIN hat_definitions d ON d.id = a.hat_id
      WHERE a.person_id = ${personId} AND ${hatInForceSql('a', today)} AND d.role IN (${own})`);
  return (rows as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
}

/**
 * The concerns this person may see, newest first, a page at a time (ADR 0029: keyset on
 * (created_at, id) both ways): a list of summaries (each full read is logged on its page). The
 * rule decides each row read; the cursors are the rows read, so a row the rule hides is never
 * a reason to skip or repeat another.
 */
export async function visibleConcerns(db: Db, actor: Actor, now: Date, from: From = {}, limit = 500) {
  const teamIds = await candidateTeams(db, actor.personId, now, [HAT.starter, HAT.coach], [HAT.safeguarding]);
  const added = db.select({ id: concernViewers.concernId }).from(concernViewers).where(eq(concernViewers.personId, actor.personId));
  const page = keyset(concerns.createdAt, concerns.id, from, 'desc');
  const read = await db
    .select({ concern: concerns, teamName: circles.name })
    .from(concerns)
    .innerJoin(circles, eq(circles.id, concerns.teamId))
    .where(and(or(eq(concerns.raisedBy, actor.personId), inArray(concerns.id, added), teamIds.length ? inArray(concerns.teamId, teamIds) : undefined), page.where))
    .orderBy(...page.orderBy)
    .limit(limit + 1);
  const { rows, prev, next } = pageOf(read, from, limit, (r) => ({ at: r.concern.createdAt, id: r.concern.id }));
  // Every team's facts and every concern's added viewers at once, whatever the number of concerns (issue 20).
  const facts = await supportFactsMany(db, rows.map((r) => r.concern.teamId), now);
  const viewers = rows.length ? await db.select({ concernId: concernViewers.concernId, personId: concernViewers.personId }).from(concernViewers).where(inArray(concernViewers.concernId, rows.map((r) => r.concern.id))) : [];
  const items = [];
  for (const { concern, teamName } of rows) {
    const f = facts.get(concern.teamId);
    const viewerIds = viewers.filter((v) => v.concernId === concern.id).map((v) => v.personId);
    if (f && concernReadReason(actor, f, { raisedBy: concern.raisedBy, aboutPersonId: concern.aboutPersonId, viewerIds })) {
      items.push({ id: concern.id, teamId: concern.teamId, teamName, summary: concern.summary, state: concern.state, safeguarding: concern.safeguarding, createdAt: concern.createdAt });
    }
  }
  return { items, prev, next };
}

/** The conflict support this person may see, newest first, a page at a time as visibleConcerns. */
export async function visibleConflicts(db: Db, actor: Actor, now: Date, from: From = {}, limit = 500) {
  const teamIds = await candidateTeams(db, actor.personId, now, [HAT.coach], []);
  const page = keyset(conflicts.createdAt, conflicts.id, from, 'desc');
  const read = await db
    .select({ conflict: conflicts, teamName: circles.name })
    .from(conflicts)
    .innerJoin(circles, eq(circles.id, conflicts.teamId))
    .where(and(or(eq(conflicts.openedBy, actor.personId), sql`${conflicts.involvedIds} @> ${JSON.stringify([actor.personId])}::jsonb`, teamIds.length ? inArray(conflicts.teamId, teamIds) : undefined), page.where))
    .orderBy(...page.orderBy)
    .limit(limit + 1);
  const { rows, prev, next } = pageOf(read, from, limit, (r) => ({ at: r.conflict.createdAt, id: r.conflict.id }));
  const facts = await supportFactsMany(db, rows.map((r) => r.conflict.teamId), now);
  const items = [];
  for (const { conflict, teamName } of rows) {
    const f = facts.get(conflict.teamId);
    if (f && conflictReadReason(actor, f, conflict)) {
      items.push({ id: conflict.id, teamId: conflict.teamId, teamName, summary: conflict.summary, state: conflict.state, createdAt: conflict.createdAt });
    }
  }
  return { items, prev, next };
}

/** Teams this person may raise a concern about: their own teams and those they wear a support hat for. */
export async function teamsToRaiseFor(db: Db, actor: Actor, now: Date) {
  const own = (await circlesOf(db, actor.personId)).filter((c) => c.kind === 'team').map((c) => c.id);
  const hats = await candidateTeams(db, actor.personId, now, [HAT.starter, HAT.coach, HAT.safeguarding], [HAT.starter, HAT.coach, HAT.safeguarding]);
  const ids = [...new Set([...own, ...hats])];
  if (ids.length === 0) return [];
  return db.select({ id: circles.id, name: circles.name }).from(circles).where(and(eq(circles.kind, 'team'), inArray(circles.id, ids))).orderBy(circles.name);
}

/** People to choose from on the forms: the team's own people, by name. */
export async function peopleNamed(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, ids)).orderBy(people.name);
}
