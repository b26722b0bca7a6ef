// A circle's facts in one statement (issue 20, ADR 0028): the circle, its team settings, who is
// in it (circleMembership's rule) and its hats with their holders (circleHats'), for any number
// of circles at once. Every team page and every circle page's standing asked these in eight or
// nine statements before its own work; here they are one fixed text per shape, run as a named
// prepared statement, its lists built by PostgreSQL as JSON.
import { type Db, fixedStatement } from '../../platform/db.ts';
import { isUuid } from '../../platform/ids.ts';
import { rowFromJson } from '../../platform/json-rows.ts';
import { type SupporterKind, teams } from '../teams/schema.ts';
import { isoDate } from './dates.ts';
import { circles, hatDefinitions } from './schema.ts';

export interface MemberRow {
  personId: string;
  name: string;
  participation: 'full' | 'learning' | 'guest';
  /** Set when the person is a member because they link a child circle. */
  linkFrom?: string;
  hats: string[];
}

/** A hat in force now, as currentHats gives it. */
export interface HeldHat { circleId: string; personId: string; personName: string; hat: string; role: string | null; termEnd: string; reviewDate: string }

export type CircleHat = typeof hatDefinitions.$inferSelect & {
  holders: HeldHat[];
  /** Terms that ran out without anyone being chosen again, while nobody holds the hat. */
  dueForReselection: { hatId: string; personName: string; termEnd: string }[];
};

export interface CircleFacts {
  circle: typeof circles.$inferSelect;
  /** The team's own row, for a team. */
  settings: typeof teams.$inferSelect | undefined;
  /** In name order. */
  members: MemberRow[];
  /** In name order, each with its holders in name order. */
  hats: CircleHat[];
}

/** A hat assignment `a` in force on day $2: the same test as hatInForceSql (roles.ts), written out. */
const inForce = (a: string) => `${a}.ended_at IS NULL AND ${a}.term_start <= $2::date AND ${a}.term_end >= $2::date`;

/**
 * $1 the circles, $2 the day; with `onlyPeople`, $3 the people whose member rows are wanted.
 * The CTEs a shape does not name are not run. `links` reads the kept links into the circles
 * (circle_links, migration 0049): for one person, a probe; for all, the circle's own index range,
 * not a probe of each of the hundreds of circles within a Local Circle.
 */
function factsSql(shape: { circle: boolean; members: boolean; hats: boolean; onlyPeople: boolean; team?: boolean }): string {
  // With onlyPeople, each person's rows are probed by person, not found by reading the circles'
  // whole lists and filtering them: a Members' Circle has thousands of members, and a generic
  // plan (facts.ts, run) cannot know which circle it is asked for. OFFSET 0 keeps each probe a
  // probe: a subquery with it is not flattened into a join the planner may turn round.
  const rowsOf = (table: string, alias: string, where: string) => (shape.onlyPeople
    ? `(SELECT DISTINCT unnest($3::uuid[]) AS id) who CROSS JOIN LATERAL (SELECT * FROM ${table} WHERE person_id = who.id AND ${where} OFFSET 0) ${alias}`
    : `${table} ${alias}`);
  const columns = [
    shape.circle && `(SELECT row_to_json(c) FROM circles c WHERE c.id = t.id) AS circle`,
    shape.circle && `(SELECT row_to_json(s) FROM teams s WHERE s.circle_id = t.id) AS settings`,
    shape.members && `(SELECT coalesce(json_agg(json_build_object('personId', m.person_id, 'name', m.name, 'participation', m.participation,
        'linkFrom', m.link_from, 'hats', coalesce(m.hats, '[]'::json)) ORDER BY m.name, m.person_id), '[]'::json)
      FROM members m WHERE m.circle_id = t.id) AS members`,
    shape.hats && `(SELECT coalesce(json_agg(json_build_object('def', row_to_json(d),
        'holders', (SELECT coalesce(json_agg(json_build_object('circleId', h.circle_id, 'personId', h.person_id, 'personName', h.person_name,
            'hat', h.hat, 'role', h.role, 'termEnd', h.term_end, 'reviewDate', h.review_date) ORDER BY h.person_name, h.person_id), '[]'::json)
          FROM held h WHERE h.circle_id = d.circle_id AND h.hat = d.name),
        'due', CASE WHEN EXISTS (SELECT 1 FROM held h WHERE h.circle_id = d.circle_id AND h.hat = d.name) THEN '[]'::json ELSE
          (SELECT coalesce(json_agg(json_build_object('hatId', e.hat_id, 'personName', p.name, 'termEnd', e.term_end) ORDER BY e.term_end, p.name, e.id), '[]'::json)
            FROM hat_assignments e JOIN people p ON p.id = e.person_id
            WHERE e.circle_id = d.circle_id AND e.hat_id = d.id AND e.ended_at IS NULL AND e.term_end < $2::date) END
      ) ORDER BY d.name, d.id), '[]'::json)
      FROM hat_definitions d WHERE d.circle_id = t.id) AS hats`,
    // What a team's care and support facts add (care/policy.ts, concerns/policy.ts): its members'
    // ways in, newest first, and who is Coach, Leader or Team Starter of its Local Circle now
    // (the parent's hats, probed by role).
    shape.team && `(SELECT coalesce(json_agg(json_build_object('personId', j.person_id, 'kind', j.supporter_kind, 'state', j.state)
        ORDER BY j.updated_at DESC, j.id DESC), '[]'::json)
      FROM team_joins j WHERE j.team_id = t.id AND j.state IN ('joined', 'trial')) AS joins`,
    shape.team && `(SELECT coalesce(json_agg(json_build_object('personId', a.person_id, 'role', d.role) ORDER BY d.role, a.person_id), '[]'::json)
      FROM circles c JOIN hat_definitions d ON d.circle_id = c.parent_id AND d.role IN ('coach', 'leader', 'team-starter')
        JOIN hat_assignments a ON a.hat_id = d.id AND a.circle_id = d.circle_id
      WHERE c.id = t.id AND ${inForce('a')}) AS local_hats`,
  ].filter(Boolean);
  return `WITH target AS (SELECT DISTINCT unnest($1::uuid[]) AS id),
held AS (
  SELECT a.circle_id, a.person_id, p.name AS person_name, d.name AS hat, d.role, a.term_end, a.review_date
  FROM hat_assignments a JOIN hat_definitions d ON d.id = a.hat_id JOIN people p ON p.id = a.person_id
  WHERE a.circle_id = ANY($1::uuid[]) AND ${inForce('a')}),
links AS (
  SELECT l.parent_id AS circle_id, l.person_id, string_agg(d.name || ' of ' || ch.name, '; ' ORDER BY ch.name, ch.id, d.name, l.assignment_id) AS link_from
  FROM ${rowsOf('circle_links', 'l', 'parent_id = ANY($1::uuid[])')} JOIN hat_definitions d ON d.id = l.hat_id JOIN circles ch ON ch.id = l.child_id
  WHERE l.parent_id = ANY($1::uuid[]) AND l.term_start <= $2::date AND l.term_end >= $2::date
  GROUP BY l.parent_id, l.person_id),
direct AS (
  SELECT DISTINCT ON (m.circle_id, m.person_id) m.circle_id, m.person_id, m.participation
  FROM ${rowsOf('circle_members', 'm', 'circle_id = ANY($1::uuid[]) AND left_at IS NULL')}
  WHERE m.circle_id = ANY($1::uuid[]) AND m.left_at IS NULL
  ORDER BY m.circle_id, m.person_id, m.joined_at DESC, m.id),
hats_worn AS (SELECT circle_id, person_id, json_agg(hat ORDER BY hat) AS hats FROM held GROUP BY circle_id, person_id),
members AS (
  SELECT coalesce(m.circle_id, l.circle_id) AS circle_id, p.id AS person_id, p.name,
    CASE WHEN l.person_id IS NULL THEN m.participation ELSE 'full' END AS participation, l.link_from, w.hats
  FROM direct m FULL JOIN links l ON l.circle_id = m.circle_id AND l.person_id = m.person_id
    JOIN people p ON p.id = coalesce(m.person_id, l.person_id)
    LEFT JOIN hats_worn w ON w.circle_id = coalesce(m.circle_id, l.circle_id) AND w.person_id = p.id)
SELECT t.id, ${columns.join(',\n  ')}
FROM target t`;
}

const SHAPE_TEXTS = {
  all: { name: 'circle_facts', text: factsSql({ circle: true, members: true, hats: true, onlyPeople: false }) },
  team: { name: 'circle_facts_team', text: factsSql({ circle: true, members: true, hats: true, onlyPeople: false, team: true }) },
  members: { name: 'circle_facts_members', text: factsSql({ circle: false, members: true, hats: false, onlyPeople: false }) },
  membersOf: { name: 'circle_facts_members_of', text: factsSql({ circle: false, members: true, hats: false, onlyPeople: true }) },
  hats: { name: 'circle_facts_hats', text: factsSql({ circle: false, members: false, hats: true, onlyPeople: false }) },
  people: { name: 'circle_facts_people', text: factsSql({ circle: true, members: true, hats: false, onlyPeople: false }) },
  standing: { name: 'circle_facts_standing', text: factsSql({ circle: true, members: true, hats: true, onlyPeople: true }) },
} as const;
/**
 * Each shape twice: for a list of circles, and for one circle with its one id written as a
 * one-element array. For one circle (most pages) the planner then knows every list of circles
 * has one, and a generic plan (planned once per connection) costs what a custom one does, so
 * PostgreSQL keeps it. With `$1::uuid[]` it guessed ten circles for a generic plan and planned
 * the statement again on every run, 2 to 3 ms of a team page's time (docs/performance.md,
 * 2026-12-05; ADR 0041).
 */
const SHAPES = Object.fromEntries(Object.entries(SHAPE_TEXTS).map(([shape, { name, text }]) =>
  [shape, { many: { name, text }, one: { name: `${name}_one`, text: text.replaceAll('$1::uuid[]', 'ARRAY[$1::uuid]') } }])) as
  Record<keyof typeof SHAPE_TEXTS, Record<'many' | 'one', { name: string; text: string }>>;

type Json = Record<string, unknown>;
interface FactsRow {
  id: string; circle?: Json | string | null; settings?: Json | string | null; members?: Json[] | string; hats?: Json[] | string;
  joins?: TeamRows['joins'] | string; local_hats?: TeamRows['localHats'] | string;
}

/** What a team's care and support facts add to its circle's: its members' ways in and its Local Circle's support hats. */
export interface TeamRows {
  /** The team's joins that are joined or on trial, newest first. */
  joins: { personId: string; kind: SupporterKind; state: 'joined' | 'trial' }[];
  /** Who holds the Coach, Leader or Team Starter hat of the team's parent circle now. */
  localHats: { personId: string; role: 'coach' | 'leader' | 'team-starter' }[];
}

/** PGlite and node-postgres both parse json; a driver that did not would hand a string. */
const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

const members = (raw: Json[] | string | undefined): MemberRow[] =>
  parsed(raw ?? [])
    .map(({ linkFrom, ...m }) => (linkFrom === null ? m : { ...m, linkFrom }) as unknown as MemberRow)
    // The order the pages have always shown: the name as the reader's language sorts it.
    .sort((a, b) => a.name.localeCompare(b.name));

const hats = (raw: Json[] | string | undefined): CircleHat[] =>
  parsed(raw ?? []).map((h) => ({ ...rowFromJson(hatDefinitions, h.def as Json), holders: h.holders as HeldHat[], dueForReselection: h.due as CircleHat['dueForReselection'] }));

async function run(db: Db, shape: keyof typeof SHAPES, circleIds: readonly string[], now: Date, people?: readonly string[]): Promise<FactsRow[]> {
  const ids = [...new Set(circleIds.filter(isUuid))];
  if (ids.length === 0) return [];
  const { name, text } = SHAPES[shape][ids.length === 1 ? 'one' : 'many'];
  const circlesParam = ids.length === 1 ? ids[0] : ids;
  return fixedStatement<FactsRow>(db, name, text, people ? [circlesParam, isoDate(now), people.filter(isUuid)] : [circlesParam, isoDate(now)]);
}

/**
 * The facts of every circle among `circleIds` that exists, by id: one statement, whatever the
 * number of circles. Members and hats as circleMembership and circleHats give them.
 */
export async function circleFactsMany(db: Db, circleIds: readonly string[], now: Date): Promise<Map<string, CircleFacts>> {
  const out = new Map<string, CircleFacts>();
  for (const r of await run(db, 'all', circleIds, now)) if (r.circle) out.set(r.id, factsOf(r, r.circle));
  return out;
}

/** circleFactsMany with what a team's care and support facts add (TeamRows), in the same one statement. */
export async function circleFactsOfTeams(db: Db, circleIds: readonly string[], now: Date): Promise<Map<string, CircleFacts & TeamRows>> {
  const out = new Map<string, CircleFacts & TeamRows>();
  for (const r of await run(db, 'team', circleIds, now)) if (r.circle) out.set(r.id, { ...factsOf(r, r.circle), joins: parsed(r.joins ?? []), localHats: parsed(r.local_hats ?? []) });
  return out;
}

const factsOf = (r: FactsRow, circle: Json | string): CircleFacts => ({
  circle: rowFromJson(circles, parsed(circle)),
  settings: r.settings ? rowFromJson(teams, parsed(r.settings)) : undefined,
  members: members(r.members),
  hats: hats(r.hats),
});

/** One circle's facts, or null when there is no such circle. One statement. */
export async function circleFacts(db: Db, circleId: string, now: Date): Promise<CircleFacts | null> {
  return (await circleFactsMany(db, [circleId], now)).get(circleId) ?? null;
}

/**
 * The members of a circle: its direct members, plus the Leader and Delegate of each child
 * circle for as long as their term runs (double-linking), each with the hats they wear here.
 * The link is kept with its term's dates, so the membership ends by itself when the term does. With
 * `onlyPeople`, the rows of those people (a page of the list, or the asker's standing). One statement.
 */
export async function circleMembership(db: Db, circleId: string, now: Date, onlyPeople?: readonly string[]): Promise<MemberRow[]> {
  if (onlyPeople?.length === 0) return [];
  const [row] = await run(db, onlyPeople ? 'membersOf' : 'members', [circleId], now, onlyPeople);
  return members(row?.members);
}

/** Each circle's owner (a team's) and its members, for many circles in one statement. */
export async function circlesPeople(db: Db, circleIds: readonly string[], now: Date): Promise<Map<string, { ownerId: string | null; members: MemberRow[] }>> {
  const out = new Map<string, { ownerId: string | null; members: MemberRow[] }>();
  for (const r of await run(db, 'people', circleIds, now)) if (r.circle) out.set(r.id, { ownerId: rowFromJson(circles, parsed(r.circle)).ownerId, members: members(r.members) });
  return out;
}

/**
 * A circle page's facts about the asker, in one statement: the circle, the asker's own row of
 * circleMembership (undefined when they are not in it) and the circle's hats. Null when there is
 * no such circle. Reads no other member: a Members' Circle grows with the co-op.
 */
export async function circleStanding(db: Db, circleId: string, personId: string, now: Date) {
  const [row] = await run(db, 'standing', [circleId], now, [personId]);
  if (!row?.circle) return null;
  return { circle: rowFromJson(circles, parsed(row.circle)), mine: members(row.members).find((m) => m.personId === personId), hats: hats(row.hats) };
}

/** A circle's hats in name order, with who holds each now and, for a hat nobody holds, the terms that ran out. One statement. */
export async function circleHats(db: Db, circleId: string, now: Date): Promise<CircleHat[]> {
  const [row] = await run(db, 'hats', [circleId], now);
  return hats(row?.hats);
}
