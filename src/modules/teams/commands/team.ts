import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { Conflict, Invalid, NotAllowed } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { preparedStatement } from '../../../platform/prepared.ts';
import { defineHat } from '../../circles/commands/define-hat.ts';
import { isoDate } from '../../circles/dates.ts';
import { circleHats, circleMembership } from '../../circles/queries.ts';
import { circleMembers, hatAssignments } from '../../circles/schema.ts';
import { isInTeam, isOwnerSide, teamFacts } from '../policy.ts';
import { currentPromise } from '../promise.ts';
import { teamNotices, teamPromises, teams } from '../schema.ts';
import { essentialHats, standardTeamHats } from '../team-hats.ts';

/** The owner (or advocate) accepts the Promise in force; visits can be booked only after. */
export async function acceptPromise(ctx: Ctx, raw: { teamId: string; agree?: unknown }): Promise<{ version: number }> {
  const f = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  if (!isOwnerSide(ctx.actor, f)) throw new NotAllowed('Only the team owner or their advocate accepts the Promise.');
  if (raw.agree !== 'on' && raw.agree !== true && raw.agree !== 'true') throw new Invalid({ agree: 'Tick the box to say you agree to the Promise' });
  if (await promiseAccepted(ctx.tx, f.team.id)) throw new Conflict('This team has already accepted the current Promise.');
  await ctx.tx.insert(teamPromises).values({ id: newId(), teamId: f.team.id, version: currentPromise.version, acceptedBy: (ctx.actor as { personId: string }).personId, acceptedAt: ctx.now });
  await ctx.emit({ type: 'team.promise-accepted', subjectType: 'circle', subjectId: f.team.id, data: { version: currentPromise.version, chatText: `The Getting Support Promise (version ${currentPromise.version}) was accepted.` } });
  return { version: currentPromise.version };
}

/** Whether the team has accepted the Promise now in force: the care module asks before booking a visit. */
const latestPromise = preparedStatement('teams_latest_promise', (db) =>
  db.select().from(teamPromises).where(eq(teamPromises.teamId, sql.placeholder('teamId'))).orderBy(desc(teamPromises.acceptedAt)).limit(1));

export async function promiseAccepted(db: Db, teamId: string): Promise<{ version: number; acceptedAt: Date; acceptedBy: string } | null> {
  const [row] = await latestPromise(db, { teamId });
  return promiseInForce(row ?? null);
}

/** The team's latest acceptance, if it is of the Promise now in force (an older one no longer counts). */
export const promiseInForce = <P extends { version: number }>(latest: P | null): P | null => (latest && latest.version === currentPromise.version ? latest : null);

const advocateInput = z.object({ advocateId: z.union([z.uuid('Choose a person from the team'), z.literal('')]).transform((a) => a || null) });

/** The owner names (or removes) an advocate, who must be in the team. Only the owner: an advocate cannot appoint another. */
export async function setAdvocate(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<void> {
  const f = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  if (ctx.actor?.personId !== f.team.ownerId && !ctx.actor?.isAdmin) throw new NotAllowed('Only the team owner chooses their advocate.');
  const v = parseInput(advocateInput, raw);
  if (v.advocateId && !f.memberIds.includes(v.advocateId)) throw new Invalid({ advocateId: 'Choose someone who is already in the team' });
  await ctx.tx.insert(teams).values({ circleId: f.team.id, advocateId: v.advocateId, updatedAt: ctx.now }).onConflictDoUpdate({ target: teams.circleId, set: { advocateId: v.advocateId, updatedAt: ctx.now } });
  await ctx.emit({ type: 'team.advocate-set', subjectType: 'circle', subjectId: f.team.id, data: { advocateId: v.advocateId } });
}

const organiseInput = z.object({
  hats: z.union([z.array(z.string()), z.string()]).optional().transform((h) => (h === undefined ? [] : Array.isArray(h) ? h : [h])),
  ownHat: z.string().trim().max(80, 'Name must be 80 characters or fewer').optional().transform((h) => h || null),
  ownPurpose: z.string().trim().max(1000, 'Purpose must be 1000 characters or fewer').optional().transform((p) => p || null),
});

/** The first team meeting names the team's hats; each is then chosen by consent (a selection). */
export async function nameTeamHats(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<{ hatIds: string[] }> {
  const f = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  if (!isInTeam(ctx.actor, f)) throw new NotAllowed('Only the team names its hats.');
  const v = parseInput(organiseInput, raw);
  const unknown = v.hats.filter((h) => !standardTeamHats.some((s) => s.name === h));
  if (unknown.length) throw new Invalid({ hats: `Not a hat we know: ${unknown.join(', ')}` });
  if (v.ownHat && !v.ownPurpose) throw new Invalid({ ownPurpose: 'Say what your own hat is for' });
  if (v.hats.length === 0 && !v.ownHat) throw new Invalid({ hats: 'Choose at least one hat, or name your own' });
  const existing = new Set((await circleHats(ctx.tx, f.team.id, ctx.now)).map((h) => h.name));
  const wanted = [
    ...standardTeamHats.filter((s) => v.hats.includes(s.name)),
    ...(v.ownHat ? [{ name: v.ownHat, role: '', purpose: v.ownPurpose as string, responsibilities: [v.ownPurpose as string] }] : []),
  ].filter((h) => !existing.has(h.name));
  const hatIds: string[] = [];
  for (const h of wanted) {
    const { hatId } = await defineHat(ctx, { circleId: f.team.id, name: h.name, role: h.role, kind: 'team', purpose: h.purpose, responsibilities: h.responsibilities.join('\n'), termMonths: 12, reviewMonths: 6 });
    hatIds.push(hatId);
  }
  return { hatIds };
}

/** Which essential hats are held and which are still empty: the stepping-back check. */
export async function steppingBackCheck(db: Db, teamId: string, now: Date) {
  return essentialsHeld(await circleHats(db, teamId, now));
}

/** The essential hats and who holds each, from the team's hats already read. */
export function essentialsHeld(hats: Awaited<ReturnType<typeof circleHats>>) {
  return essentialHats.map((name) => {
    const hat = hats.find((h) => h.name === name);
    return { name, defined: !!hat, holders: hat?.holders.map((x) => x.personName) ?? [] };
  });
}

const stepBackInput = z.object({ goodbye: z.string().trim().min(1, 'Say goodbye to the team').max(2000, 'The goodbye must be 2000 characters or fewer') });

/**
 * The Team Starter steps back once the essential hats are held: the team becomes
 * self-managing, the Local Circle is told, the goodbye goes in the team chat and they leave.
 */
export async function stepBack(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<void> {
  const f = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  if (!ctx.actor || !f.memberIds.includes(ctx.actor.personId) || isOwnerSide(ctx.actor, f)) throw new NotAllowed('Only the Team Starter in the team steps back.');
  const v = parseInput(stepBackInput, raw);
  const missing = (await steppingBackCheck(ctx.tx, f.team.id, ctx.now)).filter((h) => h.holders.length === 0).map((h) => h.name);
  if (missing.length) throw new Conflict(`Not yet: these essential hats are not held: ${missing.join(', ')}.`);
  const held = await heldHats(ctx, f.team.id, ctx.actor.personId);
  if (held.length) throw new Conflict('Hand over your hats in the team before you step back.');
  await ctx.tx.insert(teams).values({ circleId: f.team.id, selfManagingAt: ctx.now, steppedBackBy: ctx.actor.personId, updatedAt: ctx.now }).onConflictDoUpdate({ target: teams.circleId, set: { selfManagingAt: ctx.now, steppedBackBy: ctx.actor.personId, updatedAt: ctx.now } });
  await ctx.emit({ type: 'team.self-managing', subjectType: 'circle', subjectId: f.team.id, data: { chatText: `${ctx.actor.name} says goodbye: ${v.goodbye}` } });
  await leave(ctx, f.team.id, ctx.actor.personId);
  if (f.team.parentId) {
    const local = (await circleMembership(ctx.tx, f.team.parentId, ctx.now)).map((m) => m.personId);
    await notify(ctx.tx, ctx.now, local, { text: `${f.team.name} is now self-managing: ${ctx.actor.name} has stepped back.`, href: `/circles/${f.team.parentId}` });
  }
}

async function heldHats(ctx: Ctx, teamId: string, personId: string) {
  const today = isoDate(ctx.now);
  return (await ctx.tx.select().from(hatAssignments).where(and(eq(hatAssignments.circleId, teamId), eq(hatAssignments.personId, personId), isNull(hatAssignments.endedAt)))).filter((a) => a.termEnd >= today);
}

async function leave(ctx: Ctx, teamId: string, personId: string): Promise<void> {
  await ctx.tx.update(circleMembers).set({ leftAt: ctx.now }).where(and(eq(circleMembers.circleId, teamId), eq(circleMembers.personId, personId), isNull(circleMembers.leftAt)));
  await ctx.tx.update(teamNotices).set({ leftAt: ctx.now }).where(and(eq(teamNotices.teamId, teamId), eq(teamNotices.personId, personId), isNull(teamNotices.leftAt)));
  await ctx.emit({ type: 'circle.member-left', subjectType: 'circle', subjectId: teamId, data: { personId } });
}

const noticeInput = z.object({
  leavingOn: z.iso.date('Enter the date you will leave'),
  handover: z.string().trim().min(1, 'Say what you are handing over and to whom').max(4000, 'The handover must be 4000 characters or fewer'),
});

/** Leaving well starts with telling the owner early: a notice with a date and a handover. */
export async function giveNotice(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<{ noticeId: string }> {
  const f = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  if (!ctx.actor || !f.memberIds.includes(ctx.actor.personId)) throw new NotAllowed('Only members of the team give notice.');
  if (ctx.actor.personId === f.team.ownerId) throw new Conflict('The owner does not leave their own team.');
  const v = parseInput(noticeInput, raw);
  if (v.leavingOn < isoDate(ctx.now)) throw new Invalid({ leavingOn: 'The leaving date cannot be in the past' });
  const [open] = await ctx.tx.select({ id: teamNotices.id }).from(teamNotices).where(and(eq(teamNotices.teamId, f.team.id), eq(teamNotices.personId, ctx.actor.personId), isNull(teamNotices.leftAt)));
  if (open) throw new Conflict('You have already given notice to this team.');
  const noticeId = newId();
  await ctx.tx.insert(teamNotices).values({ id: noticeId, teamId: f.team.id, personId: ctx.actor.personId, ...v, givenAt: ctx.now });
  await ctx.emit({ type: 'team.notice-given', subjectType: 'circle', subjectId: f.team.id, data: { personId: ctx.actor.personId, leavingOn: v.leavingOn, chatText: `${ctx.actor.name} will leave the team on ${v.leavingOn}.` } });
  await notify(ctx.tx, ctx.now, [f.team.ownerId, ...(f.advocateId ? [f.advocateId] : [])], { text: `${ctx.actor.name} has given notice to ${f.team.name} (leaving ${v.leavingOn})`, href: `/teams/${f.team.id}` });
  return { noticeId };
}

const farewellInput = z.object({ farewell: z.string().trim().min(1, 'Write a farewell for the team chat').max(2000, 'The farewell must be 2000 characters or fewer') });

/** Leave the team. The leaver's hats must be reallocated first: a team is never left without them unnoticed. */
export async function leaveTeam(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<void> {
  const f = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  if (!ctx.actor || !f.memberIds.includes(ctx.actor.personId)) throw new NotAllowed('You are not in this team.');
  if (ctx.actor.personId === f.team.ownerId) throw new Conflict('The owner does not leave their own team.');
  // Leaving well: the hats are reviewed and handed over first, whichever page or API is used.
  if ((await heldHats(ctx, f.team.id, ctx.actor.personId)).length) throw new Conflict('Your hats in this team must be handed to someone else before you leave.');
  const v = parseInput(farewellInput, raw);
  await ctx.emit({ type: 'team.farewell', subjectType: 'circle', subjectId: f.team.id, data: { chatText: `${ctx.actor.name} says farewell: ${v.farewell}` } });
  await leave(ctx, f.team.id, ctx.actor.personId);
}

/** The owner's side removes someone at once: from that moment they see nothing of the team. */
export async function removeFromTeam(ctx: Ctx, raw: { teamId: string; personId: unknown }): Promise<void> {
  const f = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  if (!isOwnerSide(ctx.actor, f)) throw new NotAllowed('Only the team owner or their advocate removes someone from the team.');
  const personId = typeof raw.personId === 'string' ? raw.personId : '';
  if (!f.memberIds.includes(personId)) throw new Invalid({ personId: 'That person is not in the team' });
  if (personId === f.team.ownerId) throw new Invalid({ personId: 'The owner cannot be removed from their own team' });
  const today = isoDate(ctx.now);
  // Their hats end with their membership; the team sees the gap on its page and refills it.
  await ctx.tx.update(hatAssignments).set({ endedAt: ctx.now }).where(and(eq(hatAssignments.circleId, f.team.id), eq(hatAssignments.personId, personId), isNull(hatAssignments.endedAt)));
  if (f.advocateId === personId) await ctx.tx.update(teams).set({ advocateId: null, updatedAt: ctx.now }).where(eq(teams.circleId, f.team.id));
  await leave(ctx, f.team.id, personId);
  await ctx.emit({ type: 'team.member-removed', subjectType: 'circle', subjectId: f.team.id, data: { personId, on: today } });
}
