import { requireActor } from '../../platform/authz.ts';
import type { Ctx } from '../../platform/context.ts';
import { addDays, localDate, zonedToUtc } from '../../platform/zoned-time.ts';
import { dosesDueFor } from '../care/medication/due.ts';
import { dayHeading } from '../care/visits/times.ts';
import { logsWaitingFor } from '../care/logs/queries.ts';
import { myVisits } from '../care/visits/queries.ts';
import { unreadChatCounts } from '../chat/queries.ts';
import { dueForReview } from '../circles/logbook-queries.ts';
import { selectionsAwaitingAnswer } from '../circles/selection/awaiting.ts';
import { circlesWhereFull } from '../circles/standing.ts';
import { concernsToHandle } from '../concerns/to-handle.ts';
import { accountOf } from '../credits/queries.ts';
import { roundsAwaitingAnswer } from '../decisions/awaiting.ts';
import { resolutionsAwaitingVote } from '../membership/awaiting.ts';
import { hatsWornBy } from '../people/hats.ts';
import { joinsAwaiting } from '../teams/awaiting.ts';
import { teamsOwnedBy } from '../teams/queries.ts';
import { surveysOpenFor } from '../survey/queries.ts';

/** A hat's term ending within this many days is something to see to now (a selection takes weeks). */
export const HAT_TERM_NOTICE_DAYS = 30;

export type TodoKind = 'care-log' | 'consent' | 'selection' | 'invitation' | 'join-request' | 'doses' | 'concern' | 'hat-term' | 'review' | 'vote' | 'survey';

/** One thing that needs the person, and the page where it is done. */
export interface TodoItem {
  kind: TodoKind;
  /** What to do, in a few words; the link's text. */
  action: string;
  /** Where and about what, in plain words. */
  about: string;
  href: string;
  /** Since when it has waited: the list is oldest first. */
  since: Date;
  /** When it can no longer be done (an online round's deadline), if ever. */
  deadline: Date | null;
  /** The time it is about (a care log's visit), shown in the co-op's time zone. */
  when?: { startsAt: Date; endsAt: Date };
}

async function careLogItems(ctx: Ctx): Promise<TodoItem[]> {
  const { logs } = await logsWaitingFor(ctx);
  return logs.map((l) => ({
    kind: 'care-log',
    action: l.state === 'disputed' ? 'Resolve the disputed care log' : 'Confirm or dispute the care log',
    about: `${l.teamName}, supported by ${l.supporterName}`,
    href: `/care-logs/${l.id}`,
    since: l.endsAt,
    deadline: null,
    when: { startsAt: l.startsAt, endsAt: l.endsAt },
  }));
}

/**
 * Everything on the person's home, read in one transaction: what needs them (each source is its
 * module's own rule: who confirms a log, who answers a round, who welcomes, who handles a
 * concern), then their visits, their chats with unread messages and their credits.
 */
export async function readToday(ctx: Ctx, _input: Record<string, unknown> = {}) {
  const actor = requireActor(ctx.actor);
  const me = actor.personId;
  const db = ctx.tx;
  const now = ctx.now;
  const today = localDate(now);
  const full = await circlesWhereFull(db, me, now);
  const todo: TodoItem[] = [...(await careLogItems(ctx))];
  for (const r of await roundsAwaitingAnswer(db, me, full, now)) {
    todo.push({ kind: 'consent', action: `Consent or object: ${r.title}`, about: r.circleName, href: `/proposals/${r.id}`, since: r.since, deadline: r.mode === 'online' ? r.deadline : null });
  }
  for (const s of await selectionsAwaitingAnswer(db, me, full)) {
    todo.push({ kind: 'selection', action: s.candidate ? `Consent or object: ${s.candidate} as ${s.hat}` : `Consent or object: a ${s.hat}`, about: s.circleName, href: `/selections/${s.id}`, since: s.since, deadline: null });
  }
  for (const j of await joinsAwaiting(db, actor, now)) {
    const href = `/teams/${j.teamId}/joins/${j.id}`;
    todo.push(j.ask === 'answer'
      ? { kind: 'invitation', action: `Answer your invitation to ${j.teamName}`, about: j.teamName, href, since: j.since, deadline: null }
      : { kind: 'join-request', action: `Decide on ${j.personName}'s request to join`, about: j.teamName, href, since: j.since, deadline: null });
  }
  for (const m of await dosesDueFor(ctx)) {
    const first = m.doses.reduce((a, b) => (a.dueAt < b.dueAt ? a : b));
    const list = m.doses.map((d) => `${d.medicine} ${d.time}${d.missed ? ' (overdue)' : ''}`).join(', ');
    todo.push({ kind: 'doses', action: `Record ${m.doses.length === 1 ? 'a dose' : `${m.doses.length} doses`} on ${m.ownerName}'s MAR`, about: list, href: `/teams/${m.teamId}/mar`, since: first.dueAt, deadline: null });
  }
  for (const c of await concernsToHandle(db, actor, now)) {
    todo.push({ kind: 'concern', action: `${c.safeguarding ? 'Safeguarding concern' : 'Concern'}: ${c.next ?? 'see to it'}`, about: `${c.teamName}: ${c.summary}`, href: `/concerns/${c.id}`, since: c.since, deadline: null });
  }
  const noticeFrom = addDays(today, HAT_TERM_NOTICE_DAYS);
  for (const h of await hatsWornBy(db, me, now)) {
    if (!h.until || !h.whereHref) continue;
    const lastDay = localDate(h.until);
    if (lastDay > noticeFrom) continue;
    todo.push({
      kind: 'hat-term',
      action: h.dueForReselection ? `Your term as ${h.hat} has ended: a selection is due` : `Your term as ${h.hat} ends ${dayHeading(lastDay)}`,
      about: h.where, href: h.whereHref, since: zonedToUtc(addDays(lastDay, -HAT_TERM_NOTICE_DAYS), '00:00'), deadline: null,
    });
  }
  for (const e of await dueForReview(db, now, { circleIds: full })) {
    todo.push({ kind: 'review', action: `Review "${e.title}"`, about: e.circleName, href: `/logbook/${e.id}/review`, since: zonedToUtc(e.reviewDate ?? today, '00:00'), deadline: null });
  }
  for (const r of await resolutionsAwaitingVote(db, me)) {
    todo.push({ kind: 'vote', action: `Vote on "${r.title}"`, about: r.meeting, href: `/general-meetings/${r.meetingId}`, since: r.since, deadline: null });
  }
  for (const r of await surveysOpenFor(db, me, now)) {
    todo.push({ kind: 'survey', action: `Answer the survey: ${r.title}`, about: 'A few statements, anonymous', href: r.href, since: r.opensAt, deadline: r.closesAt });
  }
  todo.sort((a, b) => a.since.getTime() - b.since.getTime());

  const visits = (await myVisits(db, me, now, undefined, 5)).visits;
  const channels = (await unreadChatCounts(db, me, now)).filter((c) => c.unread > 0);
  const account = await accountOf(db, me);
  const owned = await teamsOwnedBy(db, me);
  return {
    name: actor.name,
    today,
    todo,
    visits: visits.map((v) => ({ id: v.id, teamName: v.teamName, startsAt: v.startsAt, endsAt: v.endsAt, forMe: v.forMe, kind: v.kind, supporters: v.supporters.filter((s) => s.id !== me).map((s) => s.name), isToday: localDate(v.startsAt) === today })),
    channels,
    credits: account ? account.balance : null,
    ownedTeams: owned.map((t) => ({ id: t.id, name: t.name })),
  };
}
export type TodayView = Awaited<ReturnType<typeof readToday>>;
