import { and, asc, count, eq, gt, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { dateTimeField, describeInstant } from '../../../platform/zoned-time.ts';
import { recordLogbookEntry } from '../../circles/commands/record-logbook-entry.ts';
import { settleByResolution } from '../../decisions/commands/close-round.ts';
import { registerResolutionNeededHook } from '../../decisions/hooks.ts';
import { proposals, proposalVersions } from '../../decisions/schema.ts';
import { isSecretary } from '../policy.ts';
import { attendance, generalMeetings, memberships, proxies, resolutions, shareMovements, votes } from '../schema.ts';
import { getSetting, membersCircleId } from '../settings.ts';
import { type MemberClass, tally } from '../tally.ts';

export const MAX_PROXIES = 5;

export const meetingInput = z.object({
  kind: z.enum(['agm', 'members'], { error: 'Choose AGM or members\' meeting' }),
  title: z.string().trim().min(1, 'Give the meeting a title').max(200, 'Title must be 200 characters or fewer'),
  startsAt: dateTimeField('Enter the date and time, like 2027-03-20T18:00'),
  place: z.string().trim().min(1, 'Say where, or give the call link').max(500, 'Place must be 500 characters or fewer'),
  agenda: z.string().trim().max(10000, 'Agenda must be 10000 characters or fewer').default(''),
});
export const resolutionInput = z.object({
  title: z.string().trim().min(1, 'Give the resolution a title').max(200),
  text: z.string().trim().min(1, 'Write the resolution').max(10000),
  kind: z.enum(['ordinary', 'special'], { error: 'Choose ordinary or special' }),
});
export const voteInput = z.object({
  choice: z.enum(['for', 'against'], { error: 'Choose for or against' }),
  memberId: z.uuid().optional(),
});

const secretaryOnly = async (ctx: Ctx) => {
  if (!(await isSecretary(ctx.tx, ctx.actor, ctx.now))) throw new NotAllowed("Only the Members' Circle's Secretary does this.");
};

/** Admitted members and the classes they are admitted in. */
export async function admittedClasses(ctx: Ctx, personIds?: string[]) {
  const rows = await ctx.tx
    .select({ personId: memberships.personId, memberClass: memberships.memberClass })
    .from(memberships)
    .where(and(eq(memberships.state, 'admitted'), personIds ? inArray(memberships.personId, personIds) : undefined));
  const map = new Map<string, MemberClass[]>();
  for (const r of rows) map.set(r.personId, [...(map.get(r.personId) ?? []), r.memberClass]);
  return map;
}

export async function scheduleGeneralMeeting(ctx: Ctx, raw: Record<string, unknown>): Promise<{ meetingId: string }> {
  await secretaryOnly(ctx);
  const v = parseInput(meetingInput, raw);
  const meetingId = newId();
  await ctx.tx.insert(generalMeetings).values({ id: meetingId, ...v, noticeSentAt: ctx.now, createdAt: ctx.now });
  // Long-term decisions waiting for the members go on this meeting's agenda.
  const waiting = await ctx.tx
    .select({ id: proposals.id, title: proposalVersions.title, text: proposalVersions.text })
    .from(proposals)
    .innerJoin(proposalVersions, and(eq(proposalVersions.proposalId, proposals.id), eq(proposalVersions.version, proposals.version)))
    .where(eq(proposals.state, 'awaiting_resolution'));
  for (const w of waiting) {
    const [already] = await ctx.tx.select({ id: resolutions.id }).from(resolutions).where(and(eq(resolutions.proposalId, w.id), eq(resolutions.state, 'open')));
    if (!already) await ctx.tx.insert(resolutions).values({ id: newId(), meetingId, title: w.title, text: w.text, kind: 'ordinary', proposalId: w.id, createdAt: ctx.now });
  }
  const members = [...(await admittedClasses(ctx)).keys()];
  await notify(ctx.tx, ctx.now, members, { text: `Notice of ${v.kind === 'agm' ? 'the AGM' : 'a members\' meeting'}: ${v.title}, ${describeInstant(v.startsAt)}, ${v.place}`, href: `/general-meetings/${meetingId}` });
  await ctx.emit({ type: 'general-meeting.scheduled', subjectType: 'general-meeting', subjectId: meetingId });
  return { meetingId };
}

async function openMeeting(ctx: Ctx, meetingId: unknown) {
  if (!isUuid(meetingId)) throw new NotFound('That meeting was not found.');
  const [m] = await ctx.tx.select().from(generalMeetings).where(eq(generalMeetings.id, meetingId)).for('update');
  if (!m) throw new NotFound('That meeting was not found.');
  if (m.state !== 'scheduled') throw new Conflict('That meeting has closed.');
  return m;
}

export async function recordAttendance(ctx: Ctx, raw: { meetingId: string; personId: string }): Promise<void> {
  await secretaryOnly(ctx);
  const m = await openMeeting(ctx, raw.meetingId);
  if (!isUuid(raw.personId) || !(await admittedClasses(ctx, [raw.personId])).size) throw new Invalid({ personId: 'Choose an admitted member' });
  await ctx.tx.insert(attendance).values({ id: newId(), meetingId: m.id, personId: raw.personId, at: ctx.now }).onConflictDoNothing();
  await ctx.emit({ type: 'general-meeting.attended', subjectType: 'general-meeting', subjectId: m.id, data: { personId: raw.personId } });
}

/** A member names a proxy for one meeting; nobody holds more than five. */
export async function appointProxy(ctx: Ctx, raw: { meetingId: string; holderId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  const m = await openMeeting(ctx, raw.meetingId);
  const admitted = await admittedClasses(ctx, [actor.personId, raw.holderId].filter(isUuid));
  if (!admitted.has(actor.personId)) throw new NotAllowed('Only admitted members can appoint a proxy.');
  if (!isUuid(raw.holderId) || !admitted.has(raw.holderId) || raw.holderId === actor.personId) throw new Invalid({ holderId: 'Choose another admitted member' });
  const [held] = await ctx.tx.select({ n: count() }).from(proxies).where(and(eq(proxies.meetingId, m.id), eq(proxies.holderId, raw.holderId)));
  if ((held?.n ?? 0) >= MAX_PROXIES) throw new Invalid({ holderId: `That member already holds ${MAX_PROXIES} proxies, the most the Rules allow` });
  const done = await ctx.tx.insert(proxies).values({ id: newId(), meetingId: m.id, grantorId: actor.personId, holderId: raw.holderId, at: ctx.now }).onConflictDoNothing().returning({ id: proxies.id });
  if (done.length === 0) throw new Conflict('You have already appointed a proxy for this meeting.');
  await ctx.emit({ type: 'general-meeting.proxy', subjectType: 'general-meeting', subjectId: m.id });
}

export async function addResolution(ctx: Ctx, raw: Record<string, unknown> & { meetingId: string; proposalId?: string }): Promise<{ resolutionId: string }> {
  await secretaryOnly(ctx);
  const m = await openMeeting(ctx, raw.meetingId);
  const v = parseInput(resolutionInput, raw);
  const resolutionId = newId();
  await ctx.tx.insert(resolutions).values({ id: resolutionId, meetingId: m.id, ...v, proposalId: raw.proposalId ?? null, createdAt: ctx.now });
  await ctx.emit({ type: 'resolution.added', subjectType: 'resolution', subjectId: resolutionId });
  return { resolutionId };
}

/**
 * One vote per member, changeable until the resolution closes: online by the member, by their
 * proxy holder, or recorded by the Secretary for a member present in person.
 */
export async function castVote(ctx: Ctx, raw: Record<string, unknown> & { resolutionId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  const v = parseInput(voteInput, raw);
  if (!isUuid(raw.resolutionId)) throw new NotFound('That resolution was not found.');
  const [r] = await ctx.tx.select().from(resolutions).where(eq(resolutions.id, raw.resolutionId)).for('update');
  if (!r) throw new NotFound('That resolution was not found.');
  if (r.state !== 'open') throw new Conflict('Voting on this resolution has closed.');
  const memberId = v.memberId ?? actor.personId;
  let how: 'online' | 'in_person' | 'proxy' = 'online';
  if (memberId !== actor.personId) {
    const [proxy] = await ctx.tx.select().from(proxies).where(and(eq(proxies.meetingId, r.meetingId), eq(proxies.grantorId, memberId), eq(proxies.holderId, actor.personId)));
    const [present] = await ctx.tx.select().from(attendance).where(and(eq(attendance.meetingId, r.meetingId), eq(attendance.personId, memberId)));
    if (proxy) how = 'proxy';
    else if (present && (await isSecretary(ctx.tx, actor, ctx.now))) how = 'in_person';
    else throw new NotAllowed('You can vote only for yourself, for members whose proxy you hold, or (as Secretary) for members present.');
  }
  if (!(await admittedClasses(ctx, [memberId])).size) throw new NotAllowed('Only admitted members can vote.');
  await ctx.tx
    .insert(votes)
    .values({ id: newId(), resolutionId: r.id, memberId, castBy: actor.personId, how, choice: v.choice, at: ctx.now })
    .onConflictDoUpdate({ target: [votes.resolutionId, votes.memberId], set: { choice: v.choice, castBy: actor.personId, how, at: ctx.now } });
  await ctx.emit({ type: 'resolution.voted', subjectType: 'resolution', subjectId: r.id });
}

/** Close the vote, tally it under the Rules, and write the result in the Members' Circle's logbook. Returns the tally as stored. */
export async function closeResolution(ctx: Ctx, raw: { resolutionId: string }) {
  await secretaryOnly(ctx);
  if (!isUuid(raw.resolutionId)) throw new NotFound('That resolution was not found.');
  const [r] = await ctx.tx.select().from(resolutions).where(eq(resolutions.id, raw.resolutionId)).for('update');
  if (!r) throw new NotFound('That resolution was not found.');
  if (r.state !== 'open') throw new Conflict('This resolution is already closed.');
  const cast = await ctx.tx.select().from(votes).where(eq(votes.resolutionId, r.id));
  const classes = await admittedClasses(ctx, cast.map((c) => c.memberId));
  const shares = await ctx.tx.select().from(shareMovements).where(inArray(shareMovements.personId, cast.length ? cast.map((c) => c.memberId) : ['00000000-0000-0000-0000-000000000000']));
  const sharesOf = (id: string) => shares.filter((s) => s.personId === id).reduce((sum, s) => sum + (s.kind === 'buy' ? s.amountPence : s.kind === 'withdrawn' ? -s.amountPence : 0), 0);
  // Ours: a member admitted in any other class votes in that class; only investor-only members form the investor bloc.
  const result = tally(
    cast.filter((c) => classes.has(c.memberId)).map((c) => {
      const held = classes.get(c.memberId) ?? [];
      const memberClass = held.find((k) => k !== 'investor') ?? 'investor';
      return { memberClass, choice: c.choice, sharesPence: sharesOf(c.memberId) };
    }),
    { kind: r.kind, capBasisPoints: await getSetting(ctx.tx, 'investorCapBasisPoints'), investorWeighting: await getSetting(ctx.tx, 'investorWeighting') },
  );
  const stored = { ...result, weightedFor: result.weightedFor.num.toString() + '/' + result.weightedFor.den.toString(), weightedAgainst: `${result.weightedAgainst.num}/${result.weightedAgainst.den}`, investorWeight: `${result.investorWeight.num}/${result.investorWeight.den}`, totalWeight: `${result.totalWeight.num}/${result.totalWeight.den}` };
  const circleId = await membersCircleId(ctx.tx);
  const entry = circleId
    ? await recordLogbookEntry(ctx, { circleId, kind: 'decision', title: `Resolution ${result.passed ? 'passed' : 'not passed'}: ${r.title}`, text: `${r.text}\n\n${result.rule}\nFor ${(result.forShare * 100).toFixed(1)}% of weighted votes cast.`, authorId: ctx.actor && ctx.actor.via !== 'system' ? ctx.actor.personId : null, sourceType: 'resolution', sourceId: r.id, reviewDate: null })
    : null;
  await ctx.tx.update(resolutions).set({ state: 'closed', tally: stored, passed: result.passed, closedAt: ctx.now, logbookEntryId: entry?.entryId ?? null }).where(eq(resolutions.id, r.id));
  if (r.proposalId) await settleByResolution(ctx, { proposalId: r.proposalId, passed: result.passed });
  await ctx.emit({ type: 'resolution.closed', subjectType: 'resolution', subjectId: r.id, data: { passed: result.passed } });
  // The tally as stored: its exact fractions as "num/den" strings, never bigints, which JSON cannot carry.
  return stored;
}

export async function recordMinutes(ctx: Ctx, raw: { meetingId: string; minutes?: unknown }): Promise<void> {
  await secretaryOnly(ctx);
  const m = await openMeeting(ctx, raw.meetingId);
  const { minutes } = parseInput(z.object({ minutes: z.string().trim().min(10, 'Write the minutes').max(50000) }), raw);
  const open = await ctx.tx.select({ id: resolutions.id }).from(resolutions).where(and(eq(resolutions.meetingId, m.id), eq(resolutions.state, 'open')));
  if (open.length) throw new Conflict('Close every resolution before approving the minutes.');
  await ctx.tx.update(generalMeetings).set({ minutes, state: 'closed' }).where(eq(generalMeetings.id, m.id));
  await ctx.emit({ type: 'general-meeting.minuted', subjectType: 'general-meeting', subjectId: m.id });
}

// A long-term decision the circle has consented to goes on the next general meeting's agenda.
registerResolutionNeededHook(async (ctx, proposal, title, text) => {
  const [next] = await ctx.tx
    .select()
    .from(generalMeetings)
    .where(and(eq(generalMeetings.state, 'scheduled'), gt(generalMeetings.startsAt, ctx.now)))
    .orderBy(asc(generalMeetings.startsAt))
    .limit(1);
  if (!next) return; // it is picked up when the next meeting is given notice
  await ctx.tx.insert(resolutions).values({ id: newId(), meetingId: next.id, title, text, kind: 'ordinary', proposalId: proposal.id, createdAt: ctx.now });
});
