// Which pages the page benchmark asks for, and as whom. The busy ones: the biggest circle, its
// busiest proposal, the team with the most people, the team chat with the most messages, and
// for the per-person pages the people with the most visits and credit history, each client
// signed in as a different person where there are enough. The synthetic co-op's
// bench/.out/coop-s<N>.json names some of these; what it does not name is found with SQL, so
// the benchmark also runs on any co-op (the demo, a copy of a real one).
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { MY_VISITS_PAGE } from '../../src/modules/care/visits/queries.ts';

/** One page as one person: the path, who asks, and text the real page holds. */
export interface Target {
  email: string;
  path: string;
  expect: string;
  /** For the pages asked as the people in the most circles: how many circles this person is in. */
  circles?: number;
}

export interface Page {
  name: string;
  targets: Target[];
}

/** The reference page (reference-server.tsx): where it is and the heading it holds. */
export const REFERENCE_PATH = '/bench/reference';
export const REFERENCE_HEADING = 'Reference page';

/** Text as preact-render-to-string writes it into the page. */
export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The ids the data generator wrote, when it did (its shape may change: every field is optional). */
export function coopIds(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const json = JSON.parse(readFileSync(file, 'utf8')) as { ids?: Record<string, unknown> };
  return Object.fromEntries(Object.entries(json.ids ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

type Row = Record<string, string>;

/**
 * For each number in `like`, the person here in that many circles, or the nearest, each once:
 * the growth mode asks the larger co-op's home as people as busy as the smaller co-op's, so
 * that its growth is the co-op's size and not a busier person (the busiest of ten times as many
 * people is in more circles: 17 to 42 at scale 1 against 7 to 28 at scale 0.1).
 */
export function likeForLike<T extends { circles: number }>(people: readonly T[], like: readonly number[]): T[] {
  const left = [...people];
  return like.flatMap((n) => {
    let best = -1;
    left.forEach((p, i) => {
      if (best < 0 || Math.abs(p.circles - n) < Math.abs((left[best] as T).circles - n)) best = i;
    });
    return best < 0 ? [] : left.splice(best, 1);
  });
}

/**
 * Find every page's targets in the database at url; `clients` people at most per page. The
 * pages asked as a busy person (home, logbook search, the circle map) are asked as the people in
 * the most circles, or, given `like`, as people in those numbers of circles (likeForLike).
 */
export async function findPages(url: string, clients: number, known: Record<string, string>, like?: readonly number[]): Promise<Page[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows = async (text: string, values: unknown[] = []) => (await client.query<Row>(text, values)).rows;
  const one = async (what: string, text: string, values: unknown[] = []) => {
    const [row] = await rows(text, values);
    if (!row) throw new Error(`no ${what} in this co-op to benchmark`);
    return row;
  };
  const canSignIn = 'p.password_hash IS NOT NULL';
  /** People who may see a circle or team: its current members and its owner. */
  const membersOf = (circleId: string) =>
    rows(
      `SELECT p.email FROM people p WHERE ${canSignIn} AND (p.id IN (SELECT person_id FROM circle_members WHERE circle_id = $1 AND left_at IS NULL)
         OR p.id = (SELECT owner_id FROM circles WHERE id = $1)) ORDER BY p.email LIMIT $2`,
      [circleId, clients],
    );
  const as = (people: { email?: string }[], path: string, expect: string): Target[] => people.map((p) => ({ email: p.email as string, path, expect }));

  try {
    const inCircles = (await rows(
      `SELECT p.email, p.name, count(*)::int AS circles FROM people p JOIN circle_members m ON m.person_id = p.id AND m.left_at IS NULL
       WHERE ${canSignIn} GROUP BY p.id ORDER BY count(*) DESC, p.email ${like ? '' : 'LIMIT $1'}`,
      like ? [] : [clients],
    )).map((r) => ({ email: r.email as string, name: r.name as string, circles: Number(r.circles) }));
    const busy = like ? likeForLike(inCircles, like) : inCircles;
    if (busy.length === 0) throw new Error('nobody in this co-op can sign in');

    const bigCircle = await one('circle', known.bigCircle
      ? 'SELECT id, name FROM circles WHERE id = $1'
      : `SELECT c.id, c.name FROM circles c JOIN circle_members m ON m.circle_id = c.id AND m.left_at IS NULL
         WHERE c.kind = 'circle' GROUP BY c.id ORDER BY count(*) DESC LIMIT 1`, known.bigCircle ? [known.bigCircle] : []);

    const proposal = await one('proposal', `SELECT p.id, p.circle_id, v.title FROM proposals p
      JOIN proposal_versions v ON v.proposal_id = p.id AND v.version = p.version
      WHERE ${known.proposal ? 'p.id = $1' : `p.circle_id = $1 ORDER BY (SELECT count(*) FROM consent_responses r WHERE r.proposal_id = p.id) DESC, p.updated_at DESC`} LIMIT 1`,
    [known.proposal ?? bigCircle.id]);

    const team = await one('team', known.busyTeam
      ? 'SELECT id, name FROM circles WHERE id = $1'
      : `SELECT c.id, c.name FROM circles c JOIN circle_members m ON m.circle_id = c.id AND m.left_at IS NULL
         WHERE c.kind = 'team' GROUP BY c.id ORDER BY count(*) DESC LIMIT 1`, known.busyTeam ? [known.busyTeam] : []);

    const chatTeam = await one('team chat', known.busyChat
      ? 'SELECT id, name FROM circles WHERE id = $1'
      : `SELECT c.id, c.name FROM circles c WHERE c.kind = 'team' AND c.id = (SELECT circle_id FROM chat_messages m JOIN circles t ON t.id = m.circle_id AND t.kind = 'team'
         GROUP BY circle_id ORDER BY count(*) DESC LIMIT 1)`, known.busyChat ? [known.busyChat] : []);

    // People with at least a page of visits to come, so that the page shows the same rows at
    // every scale and its growth is the co-op's size, not more rows shown: at scale 0.1 the
    // sixteen busiest had 24 to 109 (31.9 shown on average), at scale 1 every one a full page.
    const visitors = await rows(
      `SELECT p.email FROM people p JOIN visit_supporters s ON s.person_id = p.id JOIN visits v ON v.id = s.visit_id
       WHERE ${canSignIn} AND v.state = 'booked' AND v.ends_at > now() GROUP BY p.id HAVING count(*) >= ${MY_VISITS_PAGE} ORDER BY count(*) DESC, p.email LIMIT $1`,
      [clients],
    );
    const holders = await rows(
      `SELECT p.email FROM people p JOIN credit_accounts a ON a.person_id = p.id WHERE ${canSignIn} ORDER BY a.version DESC, p.email LIMIT $1`,
      [clients],
    );
    // A word in many of the titles every member may read (circles' logbooks, not teams'), as
    // someone searching would type it.
    const word = await one('logbook entry', `SELECT w FROM (SELECT lower(regexp_split_to_table(title, '[^[:alpha:]]+')) AS w
      FROM (SELECT l.title FROM logbook_entries l JOIN circles c ON c.id = l.circle_id AND c.kind = 'circle' ORDER BY l.adopted_at DESC LIMIT 2000) t) words
      WHERE length(w) >= 5 GROUP BY w ORDER BY count(*) DESC LIMIT 1`);

    return [
      { name: 'home', targets: busy.map((p) => ({ email: p.email as string, path: '/', expect: `Hello, ${escapeHtml(p.name as string)}`, circles: p.circles })) },
      { name: 'circle', targets: as(await membersOf(bigCircle.id as string), `/circles/${bigCircle.id}`, `<h1>${escapeHtml(bigCircle.name as string)}`) },
      { name: 'proposal', targets: as(await membersOf(proposal.circle_id as string), `/proposals/${proposal.id}`, escapeHtml(proposal.title as string)) },
      { name: 'team', targets: as(await membersOf(team.id as string), `/teams/${team.id}`, escapeHtml(team.name as string)) },
      { name: 'team chat', targets: as(await membersOf(chatTeam.id as string), `/circles/${chatTeam.id}/chat`, escapeHtml(chatTeam.name as string)) },
      { name: 'my visits', targets: as(visitors.length ? visitors : busy, '/visits', 'My visits') },
      { name: 'credits', targets: as(holders, '/credits', 'Your credits') },
      { name: 'logbook search', targets: as(busy, `/logbook?q=${encodeURIComponent(word.w as string)}`, 'Logbook') },
      { name: 'circle map', targets: as(busy, '/circles', 'Circle map') },
    ];
  } finally {
    await client.end();
  }
}
