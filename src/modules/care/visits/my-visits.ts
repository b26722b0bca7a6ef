// "My visits" (and home's next few): a person's booked visits still to end, soonest first, a page
// at a time by keyset on (start, id) both ways (issue 20, ADR 0032).
//
// The work is bounded by the page, not by how many teams the person is in or how busy they are:
// - the visits they are coming to are one index range on visit_supporters (person, start, visit),
//   read in order from 12 hours before now (no booked visit is longer: the check
//   visits_booked_at_most_12_hours) and stopped once the page is full;
// - the visits of the teams they own (all of them: it is their support) are one index range per
//   owned team on visits (team, start), each stopped at the page's length.
// Visits hold times, places and who is coming, not care records, so this read is not access-logged.
import { type Db, fixedStatement } from '../../../platform/db.ts';
import { type From, pageOf } from '../../../platform/keyset.ts';
import type { Visit } from './engine.ts';
import { MAX_VISIT_HOURS } from './input.ts';

type Step = 'first' | 'after' | 'before';

const COLUMNS = `v.id, v.team_id, v.series_id, v.original_starts_at, v.kind, v.starts_at, v.ends_at, v.place, v.notes,
  v.state, v.cancel_reason, v.rearrange_reason, v.reminded_at, v.created_by, v.created_at, v.updated_at`;

/** The statement for one step: going back reads the earlier rows in reverse, as `keyset` does. */
function statement(step: Step): string {
  const past = step === 'first' ? '' : step === 'after' ? '>' : '<';
  const order = step === 'before' ? 'DESC' : 'ASC';
  const cursor = (at: string, id: string) => (past ? `AND (${at}, ${id}) ${past} ($4::timestamptz, $5::uuid)` : '');
  const from = `$2::timestamptz - interval '${MAX_VISIT_HOURS} hours'`;
  return `
WITH joined AS (
  SELECT circle_id AS id FROM circle_members WHERE person_id = $1 AND left_at IS NULL
  UNION SELECT team_id FROM team_joins WHERE person_id = $1 AND state = 'trial'
), picked AS (
  (SELECT v.id, v.starts_at FROM circles o CROSS JOIN LATERAL (
     SELECT v.id, v.starts_at FROM visits v
     WHERE v.team_id = o.id AND v.starts_at > ${from} AND v.state = 'booked' AND v.ends_at > $2 ${cursor('v.starts_at', 'v.id')}
     ORDER BY v.starts_at ${order}, v.id ${order} LIMIT $3) v
   WHERE o.owner_id = $1)
  UNION
  (SELECT s.visit_id, s.starts_at FROM visit_supporters s
   WHERE s.person_id = $1 AND s.starts_at > ${from} ${cursor('s.starts_at', 's.visit_id')}
     -- Per row as it is read, not joined (which the planner would start from the teams' every
     -- visit): a scalar subquery and an array are never pulled up, so the range is read in
     -- order and stops when the page is full.
     AND (SELECT v.team_id FROM visits v WHERE v.id = s.visit_id AND v.state = 'booked' AND v.ends_at > $2) = ANY (ARRAY(SELECT id FROM joined))
   ORDER BY s.starts_at ${order}, s.visit_id ${order} LIMIT $3)
)
SELECT ${COLUMNS}, c.name AS team_name, c.owner_id,
  (SELECT coalesce(json_agg(json_build_object('id', s.person_id, 'name', n.name)), '[]'::json)
   FROM visit_supporters s JOIN people n ON n.id = s.person_id WHERE s.visit_id = v.id) AS supporters
FROM picked p JOIN visits v ON v.id = p.id JOIN circles c ON c.id = v.team_id
ORDER BY v.starts_at ${order}, v.id ${order} LIMIT $3`;
}

const STATEMENTS: Record<Step, string> = { first: statement('first'), after: statement('after'), before: statement('before') };

interface Row {
  id: string; team_id: string; series_id: string | null; original_starts_at: Date | string | null; kind: Visit['kind'];
  starts_at: Date | string; ends_at: Date | string; place: string; notes: string; state: Visit['state'];
  cancel_reason: string | null; rearrange_reason: string | null; reminded_at: Date | string | null;
  created_by: string; created_at: Date | string; updated_at: Date | string; team_name: string; owner_id: string | null;
  supporters: { id: string; name: string }[];
}

const time = (t: Date | string) => (t instanceof Date ? t : new Date(t));
const maybeTime = (t: Date | string | null) => (t === null ? null : time(t));

const visitOf = (r: Row): Visit => ({
  id: r.id, teamId: r.team_id, seriesId: r.series_id, originalStartsAt: maybeTime(r.original_starts_at), kind: r.kind,
  startsAt: time(r.starts_at), endsAt: time(r.ends_at), place: r.place, notes: r.notes, state: r.state,
  cancelReason: r.cancel_reason, rearrangeReason: r.rearrange_reason, remindedAt: maybeTime(r.reminded_at),
  createdBy: r.created_by, createdAt: time(r.created_at), updatedAt: time(r.updated_at),
});

/**
 * One page of the person's booked visits still to end: the owner's all, a member's (or
 * trialist's) those they are coming to; each with who is coming, named, in the same statement.
 */
export async function myVisitsPage(db: Db, personId: string, now: Date, from: From, limit: number) {
  const step: Step = 'after' in from ? 'after' : 'before' in from ? 'before' : 'first';
  const cursor = 'after' in from ? from.after : 'before' in from ? from.before : null;
  const params: unknown[] = [personId, now.toISOString(), limit + 1];
  if (cursor) params.push(cursor.at instanceof Date ? cursor.at.toISOString() : cursor.at, cursor.id);
  const read = await fixedStatement<Row>(db, `care_my_visits_${step}`, STATEMENTS[step], params);
  return pageOf(read.map((r) => ({ visit: visitOf(r), teamName: r.team_name, ownerId: r.owner_id, supporters: r.supporters })), from, limit, (r) => ({ at: r.visit.startsAt, id: r.visit.id }));
}
