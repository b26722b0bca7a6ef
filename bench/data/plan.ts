// The shape of the synthetic co-op, decided in memory before any row is written: who the people
// are, which circles exist and who is in them. Everything here is small (tens of thousands of
// objects at scale 10); the big tables are streamed from it by the loaders.
import { processHats } from '../../src/modules/circles/commands/create-circle.ts';
import { DAY } from '../../src/platform/clock.ts';
import { Id, Random, Weighted, uuidOf, zipfWeights } from './random.ts';
import { firstNames, lastNames, places, workingCircleKinds } from './words.ts';

export const SEED = 20_261_123;
export const PASSWORD = 'bench password 1';
export const YEARS = 3;

/** How many of each kind at a scale: scale 1 is the co-op the issue describes, scale 10 ten times it. */
export function sizesFor(scale: number) {
  const n = (base: number, min: number) => Math.max(min, Math.round(base * scale));
  const teams = n(2000, 3);
  const circles = n(200, 5);
  return {
    people: n(10_000, Math.max(20, teams * 5)),
    teams,
    circles,
    locals: Math.max(2, Math.round(circles / 10)),
    careLogs: n(1_000_000, 200),
    transfers: n(2_000_000, 400),
    chat: n(500_000, 100),
    proposals: n(20_000, 20),
  };
}
export type Sizes = ReturnType<typeof sizesFor>;

export type Role = 'owner' | 'family' | 'paid' | 'volunteer' | 'member';
export type Participation = 'full' | 'learning' | 'guest';

export interface Person {
  /** 1-based: the N in person<N>@bench.example. */
  n: number;
  id: string;
  name: string;
  role: Role;
  /** Index of their home Local Circle in Coop.locals. */
  local: number;
  createdAt: number;
}

export interface Member {
  person: number;
  participation: Participation;
  joinedAt: number;
  leftAt: number | null;
  /** For team members: how they joined (team_joins.supporter_kind); null for the owner. */
  kind: 'family' | 'friend' | 'paid' | 'volunteer' | 'team-starter' | null;
}

export interface HatPlan {
  role: string | null;
  name: string;
  kind: 'process' | 'operational' | 'team';
  purpose: string;
  responsibilities: readonly string[];
  holder: number | null;
}

export interface Circle {
  i: number;
  id: string;
  name: string;
  kind: 'circle' | 'team';
  level: 'general' | 'members' | 'local' | 'working' | 'team';
  parent: number | null;
  /** Index into Coop.locals of the Local Circle this circle sits in (or -1 above them). */
  local: number;
  owner: number | null;
  createdAt: number;
  members: Member[];
  hats: HatPlan[];
}

export interface Team {
  circle: number;
  owner: number;
  advocate: number | null;
  starter: number;
  /** 1 is the busiest. */
  rank: number;
  weight: number;
  selfManagingAt: number | null;
  autoConfirmDays: number | null;
}

export interface Coop {
  scale: number;
  sizes: Sizes;
  now: number;
  start: number;
  people: Person[];
  circles: Circle[];
  locals: number[];
  teams: Team[];
  /** Team Starter and Coach holders per Local Circle (indexes into people, 1-based). */
  starters: number[][];
  coaches: number[][];
}

export const personId = (n: number) => uuidOf(Id.person, n);
export const circleId = (i: number) => uuidOf(Id.circle, i);
export const emailOf = (n: number) => `person${n}@bench.example`;

const starterHats = [
  { name: 'Team Starter', purpose: 'Start new teams with the people who want them, and step back when they run themselves.', responsibilities: ['First contact and supportive conversations', 'Handing over to the self-managing team'] },
  { name: 'Coach', purpose: "Supports the Local Circle's teams when things get hard: concerns, conflict, change.", responsibilities: ['Handle concerns raised about our teams', 'Check in with teams monthly'] },
];

/** People with their roles: person1 the admin, person2 the busiest team's owner, 3 a paid worker, 4 a volunteer, 5 a Team Starter. */
function planPeople(random: Random, sizes: Sizes, start: number, span: number, localPick: Weighted): Person[] {
  const fixed: Role[] = ['member', 'owner', 'paid', 'volunteer', 'member'];
  const share = (p: number) => Math.max(1, Math.round(sizes.people * p));
  const rest: Role[] = [
    ...Array<Role>(sizes.teams - 1).fill('owner'),
    ...Array<Role>(share(0.12)).fill('family'),
    ...Array<Role>(share(0.12)).fill('paid'),
    ...Array<Role>(share(0.4)).fill('volunteer'),
  ];
  while (rest.length < sizes.people - fixed.length) rest.push('member');
  const roles = [...fixed, ...random.shuffle(rest.slice(0, sizes.people - fixed.length))];
  return roles.map((role, i) => {
    const n = i + 1;
    const name = `${random.pick(firstNames)} ${random.pick(lastNames)}`;
    // The co-op grows: more people joined recently than at the start.
    const createdAt = n <= 5 ? start : Math.floor(start + span * Math.sqrt(random.next()));
    return { n, id: personId(n), name, role, local: n === 5 ? 0 : localPick.index(random), createdAt };
  });
}

export const circleHatsFor = (level: Circle['level']): HatPlan[] => [
  ...processHats.filter((h) => level === 'general' || level === 'members' ? !h.needsParent : true)
    .map((h) => ({ role: h.role, name: h.name, kind: 'process' as const, purpose: h.purpose, responsibilities: [], holder: null })),
  ...(level === 'local' ? starterHats.map((h) => ({ role: null, ...h, kind: 'operational' as const, holder: null })) : []),
];

/** The circle tree: General and Members' Circles at the top, Local Circles, working circles under them. */
export function planCoop(scale: number, now: number): Coop {
  const random = new Random(SEED, 1);
  const sizes = sizesFor(scale);
  const start = now - YEARS * 365 * DAY;
  const span = now - DAY - start;
  const localPick = new Weighted(zipfWeights(sizes.locals, 0.8, 1, 0));
  const people = planPeople(random, sizes, start, span, localPick);
  const circles: Circle[] = [];
  const add = (c: Omit<Circle, 'i' | 'id' | 'members' | 'hats'>) => {
    const i = circles.length;
    circles.push({ ...c, i, id: circleId(i), members: [], hats: circleHatsFor(c.level) });
    return i;
  };
  const general = add({ name: 'General Circle', kind: 'circle', level: 'general', parent: null, local: -1, owner: null, createdAt: start });
  const members = add({ name: "Members' Circle", kind: 'circle', level: 'members', parent: null, local: -1, owner: null, createdAt: start });
  const nameOf = (k: number) => (k < places.length ? (places[k] as string) : `${places[k % places.length]} ${Math.floor(k / places.length) + 1}`);
  const locals: number[] = [];
  for (let k = 0; k < sizes.locals; k++) {
    const place = nameOf(k);
    locals.push(add({ name: `${place} Local Circle`, kind: 'circle', level: 'local', parent: general, local: k, owner: null, createdAt: k === 0 ? start : start + Math.floor(random.next() * 365 * DAY) }));
  }
  const working = sizes.circles - circles.length;
  const used = new Set<string>();
  for (let w = 0; w < working; w++) {
    // A few circles serve the whole co-op; the rest belong to a place; some nest one deeper.
    const top = w < Math.min(4, Math.floor(working / 10));
    const local = top ? -1 : localPick.index(random);
    const [kind] = random.pick(workingCircleKinds);
    const siblings = circles.filter((c) => c.level === 'working' && c.local === local);
    const parent = top ? general : siblings.length > 0 && random.chance(0.1) ? random.pick(siblings).i : (locals[local] as number);
    let name = `${top ? 'Co-op' : nameOf(local)} ${kind} Circle`;
    for (let k = 2; used.has(name); k++) name = `${top ? 'Co-op' : nameOf(local)} ${kind} Circle ${k}`;
    used.add(name);
    const parentCreated = (circles[parent] as Circle).createdAt;
    add({ name, kind: 'circle', level: 'working', parent, local, owner: null, createdAt: parentCreated + Math.floor(random.next() * (now - 60 * DAY - parentCreated) * 0.5) });
  }
  const coop: Coop = { scale, sizes, now, start, people, circles, locals, teams: [], starters: [], coaches: [] };
  fillCircles(coop, random, general, members);
  return coop;
}

export const aimOf = (c: Circle): [string, string] => {
  if (c.level === 'general') return ['The co-op keeps care in the hands of the people who give and get it.', 'The Rules, the budget, and what no other circle holds.'];
  if (c.level === 'members') return ['Everyone who belongs to the co-op has a voice in it.', 'Membership: applications, admissions, general meetings.'];
  if (c.level === 'local') return [`People near ${c.name.replace(' Local Circle', '')} find and keep the support they want.`, 'Starting, supporting and ending teams in this place.'];
  const kind = workingCircleKinds.find(([k]) => c.name.includes(` ${k} Circle`)) ?? workingCircleKinds[0];
  return [kind[1], kind[2]];
};

function fillCircles(coop: Coop, random: Random, general: number, members: number): void {
  const { people, circles, now } = coop;
  const seen = new Map<number, Set<number>>();
  const join = (c: Circle, person: number, participation: Participation) => {
    const here = seen.get(c.i) ?? seen.set(c.i, new Set()).get(c.i) as Set<number>;
    if (here.has(person)) return;
    here.add(person);
    const created = (people[person - 1] as Person).createdAt;
    const from = Math.max(c.createdAt, created);
    c.members.push({ person, participation, joinedAt: from + Math.floor(random.next() * Math.min(30 * DAY, now - from) * 0.5), leftAt: null, kind: null });
  };
  const byLocal = coop.locals.map(() => ({ workers: [] as number[], members: [] as number[] }));
  for (const p of people) {
    if (p.role === 'paid' || p.role === 'volunteer') byLocal[p.local]?.workers.push(p.n);
    if (p.role === 'member') byLocal[p.local]?.members.push(p.n);
  }
  const g = circles[general] as Circle;
  const m = circles[members] as Circle;
  join(g, 1, 'full');
  join(m, 1, 'full');
  const memberPeople = people.filter((p) => p.role === 'member' && p.n > 5);
  for (const p of memberPeople.slice(0, Math.max(3, Math.round(memberPeople.length * 0.02)))) join(g, p.n, 'full');
  for (let n = 2; n <= people.length; n++) if (random.chance(0.02) || n <= 5) join(m, n, 'full');
  (g.hats.find((h) => h.role === 'secretary') as HatPlan).holder = 1;
  (m.hats.find((h) => h.role === 'secretary') as HatPlan).holder = 1;
  (g.hats.find((h) => h.role === 'facilitator') as HatPlan).holder = g.members[1]?.person ?? 1;

  coop.locals.forEach((ci, k) => {
    const c = circles[ci] as Circle;
    const place = byLocal[k] as { workers: number[]; members: number[] };
    // Local Circles are the big ones: every worker and volunteer of the place belongs,
    // mostly as learning participants or guests; the members who run things are full.
    if (k === 0) join(c, 5, 'full');
    for (const n of place.members) join(c, n, 'full');
    for (const n of place.workers) {
      const paid = (people[n - 1] as Person).role === 'paid';
      const r = random.next();
      join(c, n, r < (paid ? 0.3 : 0.1) ? 'full' : r < 0.75 ? 'learning' : 'guest');
    }
    const full = c.members.filter((x) => x.participation === 'full').map((x) => x.person);
    const runners = place.members.length > 0 ? place.members : full.length > 0 ? full : [1];
    const starters = k === 0 ? [5, ...random.shuffle([...runners]).slice(0, 2)] : random.shuffle([...runners]).slice(0, Math.min(runners.length, random.int(1, 3)));
    const coaches = k === 0 ? [5, ...random.shuffle([...runners]).slice(0, 1)] : random.shuffle([...runners]).slice(0, Math.min(runners.length, random.int(1, 2)));
    coop.starters.push([...new Set(starters)]);
    coop.coaches.push([...new Set(coaches)]);
    for (const n of [...starters, ...coaches]) join(c, n, 'full');
    const hat = (name: string) => c.hats.find((h) => h.name === name) as HatPlan;
    hat('Team Starter').holder = starters[0] ?? null;
    hat('Coach').holder = coaches[0] ?? null;
    hat('Leader').holder = random.pick(g.members).person;
    hat('Delegate').holder = random.pick(full.length > 0 ? full : runners);
    hat('Facilitator').holder = random.pick(full.length > 0 ? full : runners);
    hat('Secretary').holder = random.pick(full.length > 0 ? full : runners);
  });
  for (const c of circles.filter((x) => x.level === 'working')) {
    const pool = c.local < 0 ? memberPeople.map((p) => p.n) : [...(byLocal[c.local]?.members ?? []), ...(byLocal[c.local]?.workers ?? [])];
    const chosen = random.shuffle([...(pool.length > 0 ? pool : [1])]).slice(0, random.int(3, 10));
    for (const n of chosen) join(c, n, 'full');
    const parent = circles[c.parent as number] as Circle;
    const parentFull = parent.members.filter((x) => x.participation === 'full');
    (c.hats.find((h) => h.role === 'leader') as HatPlan).holder = parentFull.length > 0 ? random.pick(parentFull).person : 1;
    for (const role of ['delegate', 'facilitator', 'secretary']) (c.hats.find((h) => h.role === role) as HatPlan).holder = random.pick(c.members).person;
  }
}
