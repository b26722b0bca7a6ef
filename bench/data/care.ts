// Visits and care logs, team by team. Each log goes through its life (care-life.ts); every
// version is chained onto its team's record exactly as saveCareLog does (same content, same
// hash, gap-free seq per team, ADR 0011), in time order, so verifyCareLogs passes. Confirmed
// volunteer logs are handed to the ledger phase, which pays their credits.
import { DAY, HOUR, MINUTE } from '../../src/platform/clock.ts';
import type { LoadContext } from './context.ts';
import { Loader, iso } from './bulk.ts';
import { TeamChain, logSpec, versionSpec } from './care-chain.ts';
import { type LogStart, type Version, lifeOf, supportMinutes, supportStart } from './care-life.ts';
import { type Circle, type Coop, type Member, type Team, SEED, personId } from './plan.ts';
import { Id, Random, Weighted, allocate, uuidOf } from './random.ts';
import { paidActivities, volunteerActivities } from './words.ts';

const visitSpec = {
  table: 'visits',
  columns: [
    'id', 'team_id', 'kind', 'starts_at', 'ends_at', 'place', 'notes', 'state',
    'cancel_reason', 'created_by', 'created_at', 'updated_at',
  ],
} as const;
const visitSupporterSpec = { table: 'visit_supporters', columns: ['visit_id', 'person_id', 'joined_at', 'starts_at'] } as const;
/** Confirmed volunteer logs, in no particular order: each earns its minutes as credits. */
export interface Earnings {
  at: number[];
  person: number[];
  minutes: number[];
  log: number[];
  /** Who confirmed: the credits' created_by (null: the system's auto-confirm). */
  by: (string | null)[];
}

const SUPPORTER_WEIGHT: Partial<Record<NonNullable<Member['kind']>, number>> = { paid: 3, volunteer: 2, family: 0.5, friend: 0.5 };

/** How many care logs each team gets (by its rank's weight), and the index of its first log. */
export function careLogPlan(coop: Coop): { perTeam: Int32Array; first: number[] } {
  const perTeam = allocate(coop.sizes.careLogs, coop.teams.map((t) => t.weight));
  const first: number[] = [];
  let next = 1;
  for (const n of perTeam) {
    first.push(next);
    next += n;
  }
  return { perTeam, first };
}

/** A team's visits that have no log (cancelled, upcoming) are numbered within the team. */
const EXTRA_VISITS_PER_TEAM = 16_384;

/**
 * The care of these teams (indexes into coop.teams). Each team draws from its own random
 * stream and numbers its rows from its own offsets, so any split of the teams between workers
 * writes the same rows.
 */
export async function loadCare(ctx: LoadContext, teams: number[]): Promise<Earnings> {
  const { client, coop } = ctx;
  const visits = new Loader(client, visitSpec);
  const visitSupporters = new Loader(client, visitSupporterSpec).after(visits);
  const logs = new Loader(client, logSpec).after(visits);
  const versions = new Loader(client, versionSpec).after(logs);
  const earnings: Earnings = { at: [], person: [], minutes: [], log: [], by: [] };
  const { perTeam, first } = careLogPlan(coop);
  let done = 0;
  const addVisit = (id: string, team: Circle, kind: string, start: number, end: number, notes: string, state: string, by: string, supporter: string, createdAt: number) => {
    const booked = Math.max(team.createdAt, createdAt);
    const place = `${10 + (team.i % 80)} Mill Lane, ${(coop.circles[coop.locals[team.local] as number] as Circle).name.replace(' Local Circle', '')}`;
    visits.add(id, team.id, kind, iso(start), iso(end), place, notes, state, state === 'cancelled' ? 'Owner in hospital.' : null, by, iso(booked), iso(state === 'ended' ? end : booked));
    visitSupporters.add(id, supporter, iso(booked), iso(start));
    return id;
  };

  for (const k of teams) {
    const t = coop.teams[k] as Team;
    const random = new Random(SEED, 1000 + k);
    let logN = (first[k] as number) - 1;
    const team = coop.circles[t.circle] as Circle;
    const supporters = team.members.filter((m) => m.kind !== null && SUPPORTER_WEIGHT[m.kind] !== undefined && m.person !== t.advocate);
    const n = perTeam[k] as number;
    if (supporters.length === 0 || n === 0) continue;
    const pick = new Weighted(supporters.map((m) => SUPPORTER_WEIGHT[m.kind as NonNullable<Member['kind']>] as number));
    const ownerSide = personId(t.advocate !== null && random.chance(0.7) ? t.advocate : t.owner);
    const resolver = personId(coop.coaches[team.local]?.[0] ?? 1);
    const from = team.createdAt + 7 * DAY;
    const to = coop.now - 2 * HOUR;
    const days = Math.max(1, Math.floor((to - from) / DAY));
    const starts = new Float64Array(n);
    for (let i = 0; i < n; i++) starts[i] = Math.min(to - 4 * HOUR, supportStart(Math.floor(from / DAY + random.next() * days) * DAY, random));
    starts.sort();
    const freeAt = new Map<number, number>();
    const chain = new TeamChain(team.id, logs, versions);
    for (let i = 0; i < n; i++) {
      // A supporter who has joined and is not already giving support at that time.
      const wanted = starts[i] as number;
      // Every log still to come starts at or after this time, so earlier versions can be chained now.
      await chain.until(wanted);
      const busy = (x: Member) => Math.max(x.joinedAt, freeAt.get(x.person) ?? 0);
      let m = supporters[pick.index(random)] as Member;
      for (let tries = 0; tries < 6 && busy(m) > wanted; tries++) m = supporters[pick.index(random)] as Member;
      // Everyone busy (or not yet joined): the one free soonest takes it, a little later.
      if (busy(m) > wanted) m = supporters.reduce((a, b) => (busy(b) < busy(a) ? b : a));
      const start = Math.min(to - 4 * HOUR, Math.ceil(Math.max(wanted, busy(m)) / (15 * MINUTE)) * 15 * MINUTE);
      const kind = m.kind === 'paid' ? 'paid' : 'volunteer';
      const end = start + supportMinutes(kind, random) * MINUTE;
      freeAt.set(m.person, end);
      const supporterId = personId(m.person);
      const activity = random.pick(kind === 'paid' ? paidActivities : volunteerActivities);
      const fromVisit = end < coop.now - 10 * MINUTE && random.chance(0.6);
      const log = ++logN;
      // A log's visit shares its number.
      const visitId = fromVisit ? addVisit(uuidOf(Id.visit, log), team, kind, start, end, activity, 'ended', ownerSide, supporterId, start - random.int(1, 14) * DAY) : null;
      const life: LogStart = { id: uuidOf(Id.careLog, log), teamId: team.id, visitId, supporterId, kind, start, end, activity, ownerSide, resolver, autoConfirmDays: t.autoConfirmDays };
      const lived = lifeOf(life, coop.now, random);
      chain.add(log, lived);
      const last = lived.at(-1) as Version;
      if (last.row.state === 'confirmed' && kind === 'volunteer') {
        earnings.at.push(last.at);
        earnings.person.push(m.person);
        earnings.minutes.push(last.row.minutes);
        earnings.log.push(log);
        earnings.by.push(last.actor);
      }
      if (t.rank === 1 && last.row.state === 'confirmed') ctx.sample('careLog', life.id);
      if (t.rank === 1 && last.row.state === 'pending') ctx.sample('pendingCareLog', life.id);
    }
    await chain.finish();
    let extra = k * EXTRA_VISITS_PER_TEAM;
    const other = (...a: Parameters<typeof addVisit> extends [string, ...infer R] ? R : never) => addVisit(uuidOf(Id.extraVisit, ++extra), ...a);
    await loadOtherVisits(ctx, team, t, supporters, random, n, from, other);
    for (const loader of [visits, visitSupporters, logs, versions]) await loader.room();
    done += n;
    ctx.progress(done, coop.sizes.careLogs);
  }
  for (const loader of [visits, visitSupporters, logs, versions]) await loader.finish();
  for (const loader of [visits, visitSupporters, logs, versions]) ctx.count(loader.spec.table, loader.written);
  return earnings;
}

/** Visits without a log: a few cancelled, and the next two weeks booked (the rota pages show them). */
async function loadOtherVisits(
  ctx: LoadContext, team: Circle, t: Team, supporters: Member[], random: Random, logs: number, from: number,
  addVisit: (team: Circle, kind: string, start: number, end: number, notes: string, state: string, by: string, supporter: string, createdAt: number) => string,
): Promise<void> {
  const { now } = ctx.coop;
  const perDay = logs / Math.max(1, (now - from) / DAY);
  const booker = personId(t.advocate ?? t.owner);
  const visit = (start: number, state: string) => {
    const m = random.pick(supporters);
    const kind = m.kind === 'paid' ? 'paid' : 'volunteer';
    const end = start + supportMinutes(kind, random) * MINUTE;
    const notes = random.pick(kind === 'paid' ? paidActivities : volunteerActivities);
    return addVisit(team, kind, start, end, notes, state, booker, personId(m.person), Math.max(team.createdAt, start - random.int(1, 14) * DAY));
  };
  const cancelled = Math.min(10_000, Math.round(logs * 0.02));
  for (let i = 0; i < cancelled; i++) visit(supportStart(Math.floor(from / DAY + random.next() * ((now - from) / DAY - 1)) * DAY, random), 'cancelled');
  const upcoming = Math.min(300, Math.round(perDay * 14));
  for (let i = 0; i < upcoming; i++) {
    const id = visit(supportStart((Math.floor(now / DAY) + 1 + random.int(0, 13)) * DAY, random), 'booked');
    if (t.rank === 1) ctx.sample('upcomingVisit', id);
  }
}
