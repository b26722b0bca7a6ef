import { asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { NotAllowed, NotFound } from '../../platform/errors.ts';
import { readConcern, readConflict } from '../concerns/load.ts';
import { concernSteps, concernViewers, concerns, conflictSteps, conflicts } from '../concerns/schema.ts';
import { people } from '../people/schema.ts';
import type { Withheld } from './care.ts';

const refused = (e: unknown) => e instanceof NotFound || e instanceof NotAllowed;

/**
 * Concerns and conflict records that name the subject or are about their own teams, each read
 * through the concerns module as the person asking (logged there, details decrypted there).
 * A concern about the subject is never shown to them (DOMAIN.md: the person it is about never
 * sees it): it is listed by date only, and who raised it is not named, to keep them safe.
 */
export async function concernsSection(ctx: Ctx, subjectId: string, ownedTeams: string[]) {
  const stepped = ctx.tx.select({ id: concernSteps.concernId }).from(concernSteps).where(eq(concernSteps.byId, subjectId));
  const viewing = ctx.tx.select({ id: concernViewers.concernId }).from(concernViewers).where(or(eq(concernViewers.personId, subjectId), eq(concernViewers.addedBy, subjectId)));
  const found = await ctx.tx
    .select({ id: concerns.id, raisedBy: concerns.raisedBy, about: concerns.aboutPersonId, safeguarding: concerns.safeguarding, createdAt: concerns.createdAt, raiser: people.name })
    .from(concerns)
    .innerJoin(people, eq(people.id, concerns.raisedBy))
    .where(or(eq(concerns.raisedBy, subjectId), eq(concerns.aboutPersonId, subjectId), inArray(concerns.id, stepped), inArray(concerns.id, viewing), ownedTeams.length ? inArray(concerns.teamId, ownedTeams) : undefined))
    .orderBy(asc(concerns.createdAt));
  const shown = [];
  const withheld: Withheld[] = [];
  for (const c of found) {
    try {
      const v = await readConcern(ctx, { concernId: c.id });
      shown.push({ id: c.id, team: v.team.name, raisedBy: v.raisedByName, about: v.aboutName, summary: v.concern.summary, details: v.concern.details, safeguarding: v.concern.safeguarding, state: v.concern.state, outcome: v.concern.outcome, createdAt: v.concern.createdAt, steps: v.steps.map((s) => ({ step: s.step, note: s.note, by: s.byName, at: s.at })) });
    } catch (e) {
      if (!refused(e)) throw e;
      const aboutThem = c.about === subjectId;
      withheld.push({
        record: c.safeguarding ? 'safeguarding concern' : 'concern',
        id: c.id,
        date: c.createdAt.toISOString(),
        author: aboutThem ? '(not named: whoever raises a concern about someone is protected)' : c.raiser,
        reason: aboutThem
          ? 'A concern about you is read only by the people handling it, so that anyone at risk stays safe (a safeguarding record). You may ask the co-op for what can be shared safely.'
          : 'Only the people handling a concern, whoever raised it, the team owner\'s side and people a handler adds may read it.',
      });
    }
  }
  const conflictRows = await ctx.tx
    .select({ id: conflicts.id, openedBy: conflicts.openedBy, createdAt: conflicts.createdAt, opener: people.name })
    .from(conflicts)
    .innerJoin(people, eq(people.id, conflicts.openedBy))
    .where(or(eq(conflicts.openedBy, subjectId), sql`${conflicts.involvedIds} @> ${JSON.stringify([subjectId])}::jsonb`, inArray(conflicts.id, ctx.tx.select({ id: conflictSteps.conflictId }).from(conflictSteps).where(eq(conflictSteps.byId, subjectId))), ownedTeams.length ? inArray(conflicts.teamId, ownedTeams) : undefined))
    .orderBy(asc(conflicts.createdAt));
  const conflictList = [];
  for (const c of conflictRows) {
    try {
      const v = await readConflict(ctx, { conflictId: c.id });
      conflictList.push({ id: c.id, team: v.team.name, summary: v.conflict.summary, state: v.conflict.state, way: v.conflict.way, resolution: v.conflict.resolution, involved: v.involved.map((p) => p.name), createdAt: v.conflict.createdAt, steps: v.steps.map((s) => ({ step: s.step, note: s.note, by: s.byName, at: s.at })) });
    } catch (e) {
      if (!refused(e)) throw e;
      withheld.push({ record: 'conflict support record', id: c.id, date: c.createdAt.toISOString(), author: c.opener, reason: 'Only the people involved, whoever asked for it, the owner\'s side and the Local Circle\'s coaches may read it.' });
    }
  }
  return { concerns: shown, conflicts: conflictList, withheld };
}
