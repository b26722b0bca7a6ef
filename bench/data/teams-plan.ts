// The teams: one per owner, under the owner's Local Circle, ranked by how busy they are.
// Activity is Zipf-like by rank (a few teams log tens of thousands of visits, most a few
// hundred), and a team's size follows its activity: most have 3 to 8 members.
import { standardTeamHats } from '../../src/modules/teams/team-hats.ts';
import { DAY } from '../../src/platform/clock.ts';
import { type Circle, type Coop, type HatPlan, type Member, type Person, SEED, circleHatsFor, circleId } from './plan.ts';
import { Random, zipfWeights } from './random.ts';

/** The hats the demo's self-managing team names (DOMAIN.md 4.1, stage 7). */
const teamHatNames = ['Rota Holder', 'Profile Holder', 'Check-in Facilitator', 'MAR Holder', 'Team Chat Admin', 'Membership Holder'];

export function planTeams(coop: Coop): void {
  const random = new Random(SEED, 2);
  const { people, now, start, sizes } = coop;
  const owners = people.filter((p) => p.role === 'owner');
  const byLocal = coop.locals.map(() => ({ paid: [] as number[], volunteers: [] as number[] }));
  for (const p of people) {
    if (p.n === 3 || p.n === 4) continue;
    if (p.role === 'paid') byLocal[p.local]?.paid.push(p.n);
    if (p.role === 'volunteer') byLocal[p.local]?.volunteers.push(p.n);
  }
  const allPaid = people.filter((p) => p.role === 'paid').map((p) => p.n);
  const allVolunteers = people.filter((p) => p.role === 'volunteer').map((p) => p.n);
  const family = random.shuffle(people.filter((p) => p.role === 'family').map((p) => p.n));

  // Older teams have had longer to get busy; person2's team is the oldest and the busiest.
  const created = owners.map((o) => (o.n === 2 ? start + 7 * DAY : Math.floor(start + 20 * DAY + (now - 45 * DAY - start - 20 * DAY) * Math.sqrt(random.next()))));
  const score = owners.map((o, k) => (o.n === 2 ? Infinity : (now - (created[k] as number)) * random.spread(0.7)));
  const order = owners.map((_, k) => k).sort((a, b) => (score[b] as number) - (score[a] as number));
  const weights = zipfWeights(owners.length, 1, 3, 1 / 1500);
  const totalWeight = weights.reduce((s, w) => s + w, 0);

  order.forEach((k, r) => {
    const owner = owners[k] as Person;
    const createdAt = created[k] as number;
    owner.createdAt = Math.min(owner.createdAt, createdAt - 3 * DAY);
    const weight = weights[r] as number;
    const expectedLogs = (sizes.careLogs * weight) / totalWeight;
    const size = Math.min(45, Math.max(2, Math.round(2 + Math.sqrt(expectedLogs / 40) * random.spread(0.25))));
    const local = owner.local;
    const i = coop.circles.length;
    const circle: Circle = {
      i, id: circleId(i), name: `${owner.name}'s Team`, kind: 'team', level: 'team', parent: coop.locals[local] as number, local,
      owner: owner.n, createdAt, members: [], hats: [],
    };
    coop.circles.push(circle);
    const member = (n: number, kind: Member['kind'], late: boolean) => {
      if (circle.members.some((m) => m.person === n)) return false;
      const person = people[n - 1] as Person;
      const earliest = Math.max(createdAt, person.createdAt);
      const joinedAt = late ? earliest + Math.floor(random.next() * (now - earliest) * 0.8) : Math.min(now - DAY, earliest + Math.floor(random.next() * 30 * DAY));
      circle.members.push({ person: n, participation: 'full', joinedAt, leftAt: null, kind });
      return true;
    };
    circle.members.push({ person: owner.n, participation: 'full', joinedAt: createdAt, leftAt: null, kind: null });
    // The Local Circle's Team Starter starts the team and steps back once it runs itself.
    const starter = (coop.starters[local] as number[])[0] ?? 1;
    const selfManagingAt = createdAt + random.int(30, 90) * DAY < now - 7 * DAY ? createdAt + random.int(30, 90) * DAY : null;
    circle.members.push({ person: starter, participation: 'full', joinedAt: createdAt, leftAt: selfManagingAt, kind: 'team-starter' });
    let advocate: number | null = null;
    if (random.chance(0.4) && family.length > 0) {
      advocate = family.pop() as number;
      member(advocate, 'family', false);
    }
    const place = byLocal[local] as { paid: number[]; volunteers: number[] };
    // Within a place a few paid workers are in many teams: a skewed pick from the front of the list.
    const pickPaid = () => (place.paid.length > 0 ? (place.paid[Math.floor(place.paid.length * random.next() ** 2)] as number) : random.pick(allPaid));
    const pickVolunteer = () => (place.volunteers.length > 0 ? random.pick(place.volunteers) : random.pick(allVolunteers));
    if (r < 5) member(3, 'paid', false);
    if (r === 0) member(4, 'volunteer', false);
    for (let tries = 0; circle.members.length < size + 2 && tries < size * 4; tries++) {
      const late = size > 4 && random.chance(0.3);
      const x = random.next();
      if (x < 0.35) member(pickPaid(), 'paid', late);
      else if (x < 0.85 || family.length === 0) member(pickVolunteer(), 'volunteer', late);
      else member(family.pop() as number, random.chance(0.5) ? 'family' : 'friend', late);
    }
    // Every team has at least one paid worker or volunteer to give (and log) support.
    for (let tries = 0; tries < 20 && !circle.members.some((m) => m.kind === 'paid' || m.kind === 'volunteer'); tries++) member(pickVolunteer(), 'volunteer', false);
    circle.hats = teamHats(circle, random, owner.n, advocate);
    coop.teams.push({
      circle: i, owner: owner.n, advocate, starter, rank: r + 1, weight, selfManagingAt,
      autoConfirmDays: random.chance(0.15) ? 7 : null,
    });
  });
}

function teamHats(circle: Circle, random: Random, owner: number, advocate: number | null): HatPlan[] {
  const current = circle.members.filter((m) => m.leftAt === null);
  const ofKind = (...kinds: Member['kind'][]) => current.filter((m) => kinds.includes(m.kind)).map((m) => m.person);
  const paid = ofKind('paid');
  const anyone = ofKind('paid', 'volunteer', 'family', 'friend');
  const ownerSide = advocate ?? owner;
  const holders: Record<string, number> = {
    'Rota Holder': paid[0] ?? ownerSide,
    'Profile Holder': ownerSide,
    'Check-in Facilitator': ofKind('volunteer', 'family', 'friend')[0] ?? ownerSide,
    // Volunteers never hold a medication hat (teams/team-hats.ts isCareHat).
    'MAR Holder': paid[0] ?? ownerSide,
    'Team Chat Admin': anyone.length > 0 ? random.pick(anyone) : owner,
    'Membership Holder': ownerSide,
  };
  const process = circleHatsFor('team');
  (process.find((h) => h.role === 'facilitator') as HatPlan).holder = anyone[0] ?? owner;
  const named = standardTeamHats
    .filter((h) => teamHatNames.includes(h.name))
    .map((h) => ({ role: null, name: h.name, kind: 'team' as const, purpose: h.purpose, responsibilities: h.responsibilities, holder: holders[h.name] ?? null }));
  return [...process, ...named];
}
