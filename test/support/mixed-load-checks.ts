// What a database must show after the mixed load (test/support/mixed-load.ts) was cut off by a
// crash: every acknowledged write is there as it was acknowledged, a cut-off one is there whole
// or not at all, and nothing a command writes together exists without the rest.
import type { Database } from '../../src/platform/db.ts';
import { type ApiCall, acknowledged } from './api-load.ts';
import { type Journal, type MixedCast, proposalSteps } from './mixed-load.ts';

type Row = Record<string, unknown>;
const byKey = (rows: Row[], key: string) => {
  const map = new Map<string, Row[]>();
  for (const r of rows) map.set(String(r[key]), [...(map.get(String(r[key])) ?? []), r]);
  return map;
};
const sent = (c: ApiCall | undefined) => c !== undefined;

/** Chat messages: acknowledged ones stored once with the id, author and text sent; cut-off ones at most once. */
async function chats(database: Database, cast: MixedCast, j: Journal, problems: string[]) {
  const bodies = j.chats.map((c) => String(c.body?.body));
  const found = byKey(await database.query('SELECT id::text, body, author_id::text AS author, circle_id::text AS circle FROM chat_messages WHERE body = ANY($1::text[])', [bodies]), 'body');
  for (const c of j.chats) {
    const rows = found.get(String(c.body?.body)) ?? [];
    if (rows.length > 1) problems.push(`chat message "${c.body?.body}" stored ${rows.length} times`);
    if (!acknowledged(c)) continue;
    const row = rows[0];
    const author = c.token === cast.owner.token ? cast.owner.personId : cast.volunteer.personId;
    if (!row || row.id !== (c.json as { message: { id: string } }).message.id || row.author !== author || row.circle !== cast.teamId) {
      problems.push(`acknowledged chat message "${c.body?.body}" is ${row ? `stored differently: ${JSON.stringify(row)}` : 'missing'}`);
    }
  }
}

/** Proposals: in the state their last acknowledged step left (or the next, if that step was cut off), with their text and questions. */
async function proposals(database: Database, cast: MixedCast, j: Journal, problems: string[]) {
  const found = byKey(await database.query(
    `SELECT p.id::text, p.state, p.round, p.circle_id::text AS circle, p.author_id::text AS author, v.title, v.driver, v.text, v.review_date::text AS review
     FROM proposals p JOIN proposal_versions v ON v.proposal_id = p.id AND v.version = 1 WHERE v.title = ANY($1::text[])`,
    [j.proposals.map((r) => r.input.title)],
  ), 'title');
  const questions = byKey(await database.query('SELECT id::text, question FROM proposal_questions'), 'id');
  for (const { input, calls } of j.proposals) {
    const rows = found.get(input.title) ?? [];
    if (rows.length > 1) problems.push(`proposal "${input.title}" stored ${rows.length} times`);
    const [draft, ...steps] = calls;
    if (!acknowledged(draft)) continue;
    const row = rows[0];
    const where = `acknowledged proposal "${input.title}"`;
    if (!row || row.id !== (draft?.json as { proposalId: string }).proposalId) {
      problems.push(`${where} is missing`);
      continue;
    }
    const same = row.circle === cast.teamId && row.author === cast.volunteer.personId && row.driver === input.driver && row.text === input.text && row.review === input.reviewDate;
    if (!same) problems.push(`${where} is stored differently: ${JSON.stringify(row)}`);
    const done = steps.filter(acknowledged).length;
    const allowed = [done === 0 ? 'draft' : proposalSteps[done - 1]?.state];
    if (sent(steps[done])) allowed.push(proposalSteps[done]?.state);
    if (!allowed.includes(String(row.state))) problems.push(`${where} is ${row.state} after ${done} acknowledged steps (expected ${allowed.join(' or ')})`);
    steps.forEach((s, i) => {
      if (proposalSteps[i]?.path !== 'questions' || !acknowledged(s)) return;
      const { questionId } = (s.json as { result: { questionId: string } }).result;
      if (questions.get(questionId)?.[0]?.question !== s.body?.question) problems.push(`${where}: acknowledged question ${questionId} is missing or altered`);
    });
  }
}

/** Care logs: added as sent, every acknowledged read in the access log, confirmed once acknowledged. */
async function careLogs(database: Database, cast: MixedCast, j: Journal, problems: string[]) {
  const found = byKey(await database.query(
    'SELECT id::text, state, supporter_id::text AS supporter, activity, starts_at, ends_at FROM care_logs WHERE activity = ANY($1::text[])',
    [j.care.map((r) => r.input.activity)],
  ), 'activity');
  const reads = new Set((await database.query<{ id: string }>("SELECT record_id AS id FROM access_log WHERE record_type = 'care_log' AND actor_id = $1", [cast.owner.personId])).map((r) => r.id));
  for (const { input, calls } of j.care) {
    const rows = found.get(input.activity) ?? [];
    if (rows.length > 1) problems.push(`care log "${input.activity}" stored ${rows.length} times`);
    const [add, read, confirm] = calls;
    if (!acknowledged(add)) continue;
    const row = rows[0];
    const where = `acknowledged care log "${input.activity}"`;
    if (!row || row.id !== (add?.json as { logId: string }).logId) {
      problems.push(`${where} is missing`);
      continue;
    }
    const at = (v: unknown) => new Date(v as string).toISOString();
    if (row.supporter !== cast.volunteer.personId || at(row.starts_at) !== input.startsAt || at(row.ends_at) !== input.endsAt) problems.push(`${where} is stored differently: ${JSON.stringify(row)}`);
    if (acknowledged(read) && !reads.has(String(row.id))) problems.push(`${where} was read (200) but the read is not in the access log`);
    const state = acknowledged(confirm) ? ['confirmed'] : sent(confirm) ? ['pending', 'confirmed'] : ['pending'];
    if (!state.includes(String(row.state))) problems.push(`${where} is ${row.state} (expected ${state.join(' or ')})`);
  }
}

/** What the commands write in one transaction, checked over every row: no part without the rest. */
const together: [string, string][] = [
  ['proposal without its first version', 'SELECT p.id FROM proposals p WHERE NOT EXISTS (SELECT 1 FROM proposal_versions v WHERE v.proposal_id = p.id AND v.version = 1)'],
  ['proposal without its drafted event, or the event without it', `SELECT coalesce(p.id::text, e.subject_id) FROM proposals p FULL JOIN (SELECT subject_id FROM events WHERE type = 'proposal.drafted') e ON e.subject_id = p.id::text WHERE p.id IS NULL OR e.subject_id IS NULL`],
  ['proposal whose step events do not match its state', `SELECT p.id FROM proposals p LEFT JOIN events e ON e.subject_id = p.id::text
     AND e.type IN ('proposal.present', 'proposal.start-clarifying', 'proposal.start-reactions', 'proposal.consent-round-started')
     GROUP BY p.id, p.state HAVING count(e.id) <> CASE p.state WHEN 'draft' THEN 0 WHEN 'presented' THEN 1 WHEN 'clarifying' THEN 2 WHEN 'reactions' THEN 3 WHEN 'consent_round' THEN 4 ELSE count(e.id) END`],
  ['consent round without its round number and its closing and reminder jobs', `SELECT p.id FROM proposals p WHERE p.state = 'consent_round'
     AND (p.round <> 1 OR (SELECT count(*) FROM jobs WHERE dedupe_key IN ('proposal-close:' || p.id || ':1', 'proposal-remind:' || p.id || ':1')) <> 2)`],
  ['question without its event, or the event without it', `SELECT coalesce(q.id::text, e.qid) FROM proposal_questions q FULL JOIN (SELECT data->>'questionId' AS qid FROM events WHERE type = 'proposal.question-asked') e ON e.qid = q.id::text WHERE q.id IS NULL OR e.qid IS NULL`],
  ['chat message without its event, or the event without it', `SELECT coalesce(m.id::text, e.mid) FROM (SELECT id FROM chat_messages WHERE kind = 'user') m FULL JOIN (SELECT data->>'messageId' AS mid FROM events WHERE type = 'chat.message-posted') e ON e.mid = m.id::text WHERE m.id IS NULL OR e.mid IS NULL`],
  ['care log without its added event, or the event without it', `SELECT coalesce(l.id::text, e.subject_id) FROM care_logs l FULL JOIN (SELECT subject_id FROM events WHERE type = 'care.log-added') e ON e.subject_id = l.id::text WHERE l.id IS NULL OR e.subject_id IS NULL`],
  ['confirmed care log without exactly one confirming event, or such an event on a log not confirmed', `SELECT l.id FROM care_logs l LEFT JOIN events e ON e.subject_id = l.id::text AND e.type = 'care.log-confirmed' AND e.data->>'state' = 'confirmed'
     GROUP BY l.id, l.state HAVING count(e.id) <> CASE WHEN l.state = 'confirmed' THEN 1 ELSE 0 END`],
  ["confirmed volunteer log without exactly one earning of its minutes, or an earning for a log that is not one", `SELECT coalesce(l.id::text, t.reference_id) FROM (SELECT id, minutes FROM care_logs WHERE state = 'confirmed' AND kind = 'volunteer') l
     FULL JOIN (SELECT reference_id, count(*) AS n, sum(amount) AS minutes FROM credit_transfers WHERE kind = 'earn' AND reference_type = 'care_log' GROUP BY reference_id) t ON t.reference_id = l.id::text
     WHERE l.id IS NULL OR t.reference_id IS NULL OR t.n <> 1 OR t.minutes <> l.minutes`],
];

/** Problems found, one line each; empty when the database holds exactly what the journal says it may. */
export async function checkAfterCrash(database: Database, cast: MixedCast, journal: Journal): Promise<string[]> {
  const problems: string[] = [];
  await chats(database, cast, journal, problems);
  await proposals(database, cast, journal, problems);
  await careLogs(database, cast, journal, problems);
  for (const [what, query] of together) {
    const rows = await database.query<Record<string, unknown>>(`${query} LIMIT 5`);
    for (const r of rows) problems.push(`${what}: ${Object.values(r)[0]}`);
  }
  return problems;
}
