// What the team page and the care map show around a team's members and hats, in one prepared
// statement (issue 20, ADR 0039): its joins with the names, the Promise it last accepted, the
// notices still open, the connections on its care map and its Local Circle. The page sent five
// statements for these, one a list. Who may see which of them is decided by the callers, from
// the team's facts (teamOverview, careMapOf), exactly as before: reading a row here shows nothing.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { jsonList, rowFromJson } from '../../platform/json-rows.ts';
import { preparedStatement } from '../../platform/prepared.ts';
import { circles } from '../circles/schema.ts';
import { maxConnections } from './care-map/commands.ts';
import { teamConnections } from './care-map/schema.ts';
import { teamJoins, teamNotices, teamPromises } from './schema.ts';

interface Named { row: Record<string, unknown>; name: string }

// Joins newest first (the order "joins" always had), ties broken by id so a page is stable;
// connections by name, at most a map's worth (the whole map is drawn at once).
const aroundRow = preparedStatement('teams_surroundings', (db) =>
  db.select({
    joins: sql<Named[]>`${jsonList('SELECT row_to_json(j) AS row, n.name, j.updated_at, j.id FROM team_joins j JOIN people n ON n.id = j.person_id WHERE j.team_id = circles.id', 'x.updated_at DESC, x.id DESC')}`,
    promise: sql<Record<string, unknown> | null>`(SELECT row_to_json(p) FROM team_promises p WHERE p.team_id = circles.id ORDER BY p.accepted_at DESC, p.id DESC LIMIT 1)`,
    notices: sql<Named[]>`${jsonList('SELECT row_to_json(t) AS row, n.name, t.given_at, t.id FROM team_notices t JOIN people n ON n.id = t.person_id WHERE t.team_id = circles.id AND t.left_at IS NULL', 'x.given_at, x.id')}`,
    connections: sql<Named[]>`${jsonList(`SELECT row_to_json(c) AS row, c.name, c.id FROM team_connections c WHERE c.team_id = circles.id ORDER BY c.name, c.id LIMIT ${maxConnections}`, 'x.name, x.id')}`,
    localCircle: sql<{ id: string; name: string } | null>`(SELECT json_build_object('id', l.id, 'name', l.name) FROM circles l WHERE l.id = circles.parent_id)`,
  }).from(circles).where(eq(circles.id, sql.placeholder('teamId'))));

export type TeamJoinRow = { join: typeof teamJoins.$inferSelect; name: string };
export type TeamSurroundings = Awaited<ReturnType<typeof teamSurroundings>>;

/** A team's joins, latest Promise, open notices, care-map connections and Local Circle: one statement. */
export async function teamSurroundings(db: Db, teamId: string) {
  const [found] = await aroundRow(db, { teamId });
  return {
    joins: (found?.joins ?? []).map((x): TeamJoinRow => ({ join: rowFromJson(teamJoins, x.row), name: x.name })),
    latestPromise: found?.promise ? rowFromJson(teamPromises, found.promise) : null,
    notices: (found?.notices ?? []).map((x) => ({ notice: rowFromJson(teamNotices, x.row), name: x.name })),
    connections: (found?.connections ?? []).map((x) => rowFromJson(teamConnections, x.row)),
    localCircle: found?.localCircle ?? null,
  };
}
