import { and, count, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { assertMayKeepCareMap, teamFacts } from '../policy.ts';
import { careKinds, connectionKinds, teamConnections } from './schema.ts';

/**
 * Enough for the people, groups and services around one person, and few enough that the whole
 * map is read and drawn at once (no page of a map) and stays legible on paper.
 */
export const maxConnections = 30;

export const connectionInput = z.object({
  name: z.string({ error: 'Give the name, for example "Tuesday lunch club"' }).trim().min(1, 'Give the name, for example "Tuesday lunch club"').max(60, 'Keep the name to 60 characters or fewer'),
  kind: z.enum(connectionKinds, { error: 'Choose what it is: a group, an organisation, a service or a person' }),
  care: z.enum(careKinds, { error: 'Choose the kind of care along this link: generative, engaged or inactive' }),
  note: z.string({ error: 'The note must be text' }).trim().max(200, 'Keep the note to 200 characters or fewer').nullish().transform((n) => n || null),
});
export type ConnectionInput = z.infer<typeof connectionInput>;

type TeamInput = Record<string, unknown> & { teamId: string };

/** One writer per map at a time: two adds at once cannot both pass the count or the name check. */
const lockMap = (ctx: Ctx, teamId: string) => ctx.tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`care-map:${teamId}`}, 0))`);

/** Another link with the same name on this map, told beside the name rather than as a database error. */
async function assertNameFree(ctx: Ctx, teamId: string, name: string, except?: string): Promise<void> {
  const [same] = await ctx.tx
    .select({ id: teamConnections.id })
    .from(teamConnections)
    .where(and(eq(teamConnections.teamId, teamId), sql`lower(${teamConnections.name}) = lower(${name})`, except ? ne(teamConnections.id, except) : undefined));
  if (same) throw new Invalid({ name: `"${name}" is already on the map: change that one instead` });
}

/** The owner's side records someone or something around the owner and the care along the link. */
export async function addConnection(ctx: Ctx, raw: TeamInput): Promise<{ connectionId: string }> {
  const f = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  assertMayKeepCareMap(ctx.actor, f);
  const v = parseInput(connectionInput, raw);
  await lockMap(ctx, f.team.id);
  const [counted] = await ctx.tx.select({ n: count() }).from(teamConnections).where(eq(teamConnections.teamId, f.team.id));
  if ((counted?.n ?? 0) >= maxConnections) throw new Conflict(`A map holds ${maxConnections} connections: remove one that no longer matters first.`);
  await assertNameFree(ctx, f.team.id, v.name);
  const by = (ctx.actor as Actor).personId;
  const id = newId();
  await ctx.tx.insert(teamConnections).values({ id, teamId: f.team.id, ...v, createdBy: by, updatedBy: by, createdAt: ctx.now, updatedAt: ctx.now });
  await ctx.emit({ type: 'team.connection-added', subjectType: 'circle', subjectId: f.team.id, data: { connectionId: id, kind: v.kind, care: v.care } });
  return { connectionId: id };
}

/** The connection, if it is on this team's map; another team's connection is simply not found. */
async function connectionOf(ctx: Ctx, teamId: string, connectionId: unknown) {
  const [row] = isUuid(connectionId)
    ? await ctx.tx.select().from(teamConnections).where(and(eq(teamConnections.id, connectionId), eq(teamConnections.teamId, teamId))).for('update')
    : [];
  if (!row) throw new NotFound('That connection is not on this map.');
  return row;
}

/** Change a connection: its name, what it is, the care along it now, or the note. */
export async function changeConnection(ctx: Ctx, raw: TeamInput & { connectionId: unknown }): Promise<void> {
  const f = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  assertMayKeepCareMap(ctx.actor, f);
  const before = await connectionOf(ctx, f.team.id, raw.connectionId);
  const v = parseInput(connectionInput, raw);
  await lockMap(ctx, f.team.id);
  await assertNameFree(ctx, f.team.id, v.name, before.id);
  await ctx.tx.update(teamConnections).set({ ...v, updatedBy: (ctx.actor as Actor).personId, updatedAt: ctx.now }).where(eq(teamConnections.id, before.id));
  await ctx.emit({ type: 'team.connection-changed', subjectType: 'circle', subjectId: f.team.id, data: { connectionId: before.id, kind: v.kind, care: v.care, careBefore: before.care } });
}

/** Take a connection off the map; the row goes, so nothing about it is kept. */
export async function removeConnection(ctx: Ctx, raw: TeamInput & { connectionId: unknown }): Promise<void> {
  const f = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  assertMayKeepCareMap(ctx.actor, f);
  const before = await connectionOf(ctx, f.team.id, raw.connectionId);
  await ctx.tx.delete(teamConnections).where(eq(teamConnections.id, before.id));
  await ctx.emit({ type: 'team.connection-removed', subjectType: 'circle', subjectId: f.team.id, data: { connectionId: before.id } });
}
