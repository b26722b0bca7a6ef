// Circles and teams as the app makes them: each circle with its process hats (and a Local
// Circle's Team Starter and Coach), hats held for a current term, direct members; each team
// with its joins, Promise, Getting Support Profile, named hats (each a logbook policy), rates
// for its paid workers and, for some, auto-confirm of care logs.
import { DAY } from '../../src/platform/clock.ts';
import type { LoadContext } from './context.ts';
import { Loader, iso, isoDay } from './bulk.ts';
import { type Circle, type Coop, type Person, SEED, aimOf, personId } from './plan.ts';
import { Id, Random, uuidOf } from './random.ts';
import { profileTexts } from './words.ts';

const specs = {
  circles: { table: 'circles', columns: ['id', 'name', 'kind', 'aim', 'domain', 'parent_id', 'owner_id', 'created_at'] },
  hats: {
    table: 'hat_definitions',
    columns: ['id', 'circle_id', 'role', 'name', 'kind', 'purpose', 'responsibilities', 'term_months', 'review_months', 'created_at'],
  },
  assignments: {
    table: 'hat_assignments',
    columns: ['id', 'hat_id', 'circle_id', 'person_id', 'term_start', 'term_end', 'review_date', 'chosen_by', 'created_at'],
  },
  members: { table: 'circle_members', columns: ['id', 'circle_id', 'person_id', 'participation', 'joined_at', 'left_at'] },
  logbook: {
    table: 'logbook_entries',
    columns: ['id', 'circle_id', 'kind', 'title', 'text', 'author_id', 'source_type', 'source_id', 'adopted_at'],
  },
  teams: { table: 'teams', columns: ['circle_id', 'advocate_id', 'self_managing_at', 'stepped_back_by', 'updated_at'] },
  joins: {
    table: 'team_joins',
    columns: [
      'id', 'team_id', 'person_id', 'route', 'state', 'supporter_kind', 'message', 'trial_sessions',
      'started_by', 'decided_by', 'debrief', 'created_at', 'updated_at',
    ],
  },
  promises: { table: 'team_promises', columns: ['id', 'team_id', 'version', 'accepted_by', 'accepted_at'] },
  profiles: { table: 'support_profiles', columns: ['team_id', 'sections', 'updated_by', 'updated_at'] },
  settings: { table: 'care_settings', columns: ['team_id', 'auto_confirm_days', 'updated_by', 'updated_at'] },
  rates: {
    table: 'care_rates',
    columns: ['id', 'team_id', 'worker_id', 'rate_pence', 'payer_kind', 'payer_name', 'proposed_by', 'proposed_at', 'agreed_by', 'agreed_at'],
  },
} as const;

type Loaders = { [K in keyof typeof specs]: Loader };

const addMonths = (ms: number, months: number) => {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
};

export async function loadCircles(ctx: LoadContext): Promise<void> {
  const { client, coop } = ctx;
  const random = new Random(SEED, 4);
  const l = Object.fromEntries(Object.entries(specs).map(([k, spec]) => [k, new Loader(client, spec)])) as Loaders;
  for (const loader of Object.values(l)) if (loader !== l.circles) loader.after(l.circles);
  l.assignments.after(l.hats);
  l.logbook.after(l.hats);
  for (const loader of [l.joins, l.promises, l.profiles, l.settings, l.rates]) loader.after(l.teams);
  let hatN = 0;
  let assignmentN = 0;
  let memberN = 0;
  // Parents before children, so a circle's parent row always exists (the foreign key holds).
  for (const c of coop.circles) {
    const [aim, domain] = c.kind === 'team' ? [`${firstName(coop, c.owner as number)} lives well at home, their way.`, `${firstName(coop, c.owner as number)}'s support: rota, visits, notes.`] : aimOf(c);
    l.circles.add(c.id, c.name, c.kind, aim, domain, c.parent === null ? null : (coop.circles[c.parent] as Circle).id, c.owner === null ? null : personId(c.owner), iso(c.createdAt));
    for (const m of c.members) l.members.add(uuidOf(Id.circleMember, ++memberN), c.id, personId(m.person), m.participation, iso(m.joinedAt), m.leftAt === null ? null : iso(m.leftAt));
    for (const h of c.hats) {
      const hatId = uuidOf(Id.hat, ++hatN);
      const definedAt = h.kind === 'team' ? Math.min(coop.now - DAY, c.createdAt + 20 * DAY) : c.createdAt;
      l.hats.add(hatId, c.id, h.role, h.name, h.kind, h.purpose, h.responsibilities, 12, 6, iso(definedAt));
      if (h.kind === 'team') {
        const text = `${h.purpose}\n\nResponsibilities:\n${h.responsibilities.map((r) => `- ${r}`).join('\n')}\n\nTerm: 12 months. Review every 6 months.`;
        l.logbook.add(ctx.nextId(Id.logbook), c.id, 'policy', `Hat: ${h.name}`, text, personId(c.owner as number), 'hat', hatId, iso(definedAt));
      }
      if (h.holder === null) continue;
      // Every holder is within a current term: started in the last eleven months, never before the circle.
      const termStart = Math.max(definedAt, coop.now - random.int(10, 330) * DAY);
      l.assignments.add(uuidOf(Id.hatAssignment, ++assignmentN), hatId, c.id, personId(h.holder), isoDay(termStart), isoDay(addMonths(termStart, 12)), isoDay(addMonths(termStart, 6)), 'election', iso(termStart));
    }
    await room(l);
    ctx.progress(c.i, coop.circles.length);
  }
  await loadTeams(ctx, l, random);
  for (const loader of Object.values(l)) await loader.finish();
  // The membership module finds the Members' Circle through this setting (demo/membership.ts).
  const members = coop.circles.find((c) => c.level === 'members') as Circle;
  await client.query("INSERT INTO coop_settings (key, value, changed_at) VALUES ('membersCircleId', to_jsonb($1::text), $2)", [members.id, iso(coop.start)]);
  for (const loader of Object.values(l)) ctx.count(loader.spec.table, loader.written);
}

const firstName = (coop: Coop, n: number) => (coop.people[n - 1] as Person).name.split(' ')[0] as string;

async function room(l: Loaders): Promise<void> {
  for (const loader of Object.values(l)) await loader.room();
}

async function loadTeams(ctx: LoadContext, l: Loaders, random: Random): Promise<void> {
  const { coop } = ctx;
  let joinN = 0;
  let rateN = 0;
  for (const t of coop.teams) {
    const c = coop.circles[t.circle] as Circle;
    const owner = personId(t.owner);
    const ownerSide = personId(t.advocate ?? t.owner);
    l.teams.add(c.id, t.advocate === null ? null : personId(t.advocate), t.selfManagingAt === null ? null : iso(t.selfManagingAt), t.selfManagingAt === null ? null : personId(t.starter), iso(t.selfManagingAt ?? c.createdAt));
    l.promises.add(uuidOf(Id.promise, t.circle), c.id, 1, ownerSide, iso(Math.min(coop.now - DAY, c.createdAt + 2 * DAY)));
    const sections = Object.fromEntries(Object.entries(profileTexts).map(([key, text]) => [key, { text, visibility: key === 'health' || key === 'essentials' ? 'chosen' : 'team', chosen: [] }]));
    l.profiles.add(c.id, sections, ownerSide, iso(Math.min(coop.now - DAY, c.createdAt + 10 * DAY)));
    if (t.autoConfirmDays !== null) l.settings.add(c.id, t.autoConfirmDays, ownerSide, iso(c.createdAt + DAY));
    for (const m of c.members) {
      if (m.kind === null || m.kind === 'team-starter') continue;
      const invited = random.chance(0.7);
      const who = personId(m.person);
      const asked = Math.max(c.createdAt, m.joinedAt - random.int(7, 21) * DAY);
      l.joins.add(
        uuidOf(Id.teamJoin, ++joinN), c.id, who, invited ? 'invite' : 'request', 'joined', m.kind, invited ? 'We would love you to join us.' : 'I live nearby and have some time free.',
        m.kind === 'family' ? null : random.int(1, 3), invited ? ownerSide : who, ownerSide, 'Good visits; everyone happy to carry on.', iso(asked), iso(m.joinedAt),
      );
      if (m.kind === 'paid') {
        const payer = random.pick(['person', 'personal_budget', 'local_authority'] as const);
        l.rates.add(uuidOf(Id.rate, ++rateN), c.id, who, random.int(115, 160) * 10, payer, payer === 'local_authority' ? 'West Yorkshire Council' : firstName(coop, t.owner), who, iso(asked), owner, iso(m.joinedAt));
      }
    }
    await room(l);
    ctx.progress(t.circle, coop.circles.length);
  }
}
