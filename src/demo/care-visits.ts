import { and, asc, eq, lte } from 'drizzle-orm';
import type { Actor } from '../platform/authz.ts';
import { DAY } from '../platform/clock.ts';
import { type Command, run } from '../platform/context.ts';
import type { Database } from '../platform/db.ts';
import { circles } from '../modules/circles/schema.ts';
import { visits } from '../modules/care/schema.ts';
import { bookVisit } from '../modules/care/visits/book.ts';
import { cancelVisit, rearrangeVisit } from '../modules/care/visits/change.ts';
import { finishVisit } from '../modules/care/visits/engine.ts';
import { addDays, wallClock } from '../modules/care/visits/times.ts';
import type { Clock } from '../platform/clock.ts';

/**
 * A month of visits for Rose's Team, booked four weeks ago as it would have happened: Sam's
 * paid support every Monday and Thursday morning, Priya's walks with Rose, a team meeting by
 * video. Past visits have ended (so their care logs are pending), one was cancelled with a
 * reason and one is moved. Needs the teams demo (src/demo/teams.ts) to have run first.
 */
export async function careVisitsDemo(deps: { database: Database; clock: Clock }, p: Record<string, string>): Promise<void> {
  const [rose] = await deps.database.db.select().from(circles).where(eq(circles.name, "Rose's Team"));
  if (!rose) return;
  const teamId = rose.id;
  // Loaded once: a second call (the demo is seeded only into an empty database) adds nothing.
  if ((await deps.database.db.select({ id: visits.id }).from(visits).where(eq(visits.teamId, teamId)).limit(1)).length) return;
  const as = (key: string): Actor => ({ personId: p[key] as string, name: key, isAdmin: false, via: 'session' });
  const now = deps.clock.now();
  const at = (when: Date) => ({ database: deps.database, clock: { now: () => new Date(when) } });
  const go = <I, O>(when: Date, actor: Actor | null, command: Command<I, O>, input: I) => run(at(when), actor, command, input);
  const booked = new Date(now.getTime() - 28 * DAY);
  const day = (offset: number) => addDays(wallClock(now).date, offset);
  const place = '14 Calder Row, Hebden Bridge';

  const { seriesId } = await go(booked, as('sam'), bookVisit, {
    teamId, kind: 'paid', date: day(-27), startTime: '10:00', endTime: '12:00', place, notes: 'Breakfast done; shower, dressing, and a walk to the post box if Rose feels like it.',
    supporterIds: [p.sam], repeat: 'weekly', weekdays: ['MO', 'TH'], repeatCount: '24',
  });
  for (const offset of [-25, -18, -11, -4, 3, 10]) {
    await go(booked, as('june'), bookVisit, { teamId, kind: 'volunteer', date: day(offset), startTime: '14:00', endTime: '15:30', place: 'Calder Holmes Park, Hebden Bridge', notes: 'A walk and a cup of tea at the café.', supporterIds: [p.priya] });
  }
  await go(booked, as('june'), bookVisit, { teamId, kind: 'meeting', date: day(5), startTime: '18:00', endTime: '19:00', place: 'https://meet.jit.si/roses-team-checkin', notes: 'Monthly check-in: how is the rota working?', supporterIds: [p.june, p.sam, p.priya] });

  const series = await deps.database.db.select().from(visits).where(eq(visits.seriesId, seriesId as string)).orderBy(asc(visits.startsAt));
  const pastOne = series.find((v) => v.startsAt.getTime() > now.getTime() - 16 * DAY);
  if (pastOne) await go(new Date(pastOne.startsAt.getTime() - 3 * DAY), as('june'), cancelVisit, { visitId: pastOne.id, reason: "Rose was away at her sister's in Todmorden." });
  const nextOne = series.find((v) => v.startsAt.getTime() > now.getTime() + 2 * DAY);
  if (nextOne) {
    const local = wallClock(nextOne.startsAt);
    await go(now, as('rose'), rearrangeVisit, { visitId: nextOne.id, date: local.date, startTime: '13:00', endTime: '15:00', reason: 'Rose has a GP appointment in the morning.' });
  }

  // Visits whose time has passed end as the job would have ended them, opening pending care logs.
  const due = await deps.database.db.select().from(visits).where(and(eq(visits.teamId, teamId), eq(visits.state, 'booked'), lte(visits.endsAt, now))).orderBy(asc(visits.endsAt));
  for (const v of due) await go(new Date(v.endsAt.getTime() + 5 * 60_000), null, (ctx) => finishVisit(ctx, v.id, v.endsAt), {});
}
