import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { jsonList, rowFromJson } from '../../platform/json-rows.ts';
import { preparedStatement } from '../../platform/prepared.ts';
import { openStates } from './machine.ts';
import { consentResponses, proposalQuestions, proposalReactions, proposals, proposalVersions } from './schema.ts';

// The proposal page's record and its lists in one prepared statement (ADR 0023, 0038): the
// proposal, its versions, questions, reactions and answers, each list as JSON with the names
// it shows, and the author's and the Facilitator's names. Written out with the proposal's
// columns qualified: the query builder leaves a one-table query's columns bare.
const detailRow = preparedStatement('decisions_proposal_detail', (db) =>
  db.select({
    proposal: proposals,
    authorName: sql<string | null>`(SELECT n.name FROM people n WHERE n.id = proposals.author_id)`,
    facilitatorName: sql<string | null>`(SELECT n.name FROM people n WHERE n.id = proposals.facilitator_id)`,
    versions: sql<Json[]>`${jsonList('SELECT row_to_json(v) AS row, n.name AS by_name, v.version FROM proposal_versions v JOIN people n ON n.id = v.amended_by WHERE v.proposal_id = proposals.id', 'x.version DESC')}`,
    questions: sql<Json[]>`${jsonList('SELECT row_to_json(q) AS row, n.name AS by_name, q.created_at, q.id FROM proposal_questions q JOIN people n ON n.id = q.asked_by WHERE q.proposal_id = proposals.id', 'x.created_at, x.id')}`,
    reactions: sql<Json[]>`${jsonList('SELECT row_to_json(r) AS row, n.name AS by_name, r.created_at, r.id FROM proposal_reactions r JOIN people n ON n.id = r.person_id WHERE r.proposal_id = proposals.id', 'x.created_at, x.id')}`,
    responses: sql<Json[]>`${jsonList(`SELECT row_to_json(r) AS row, n.name AS by_name, w.name AS recorded_by_name, r.round, r.id
      FROM consent_responses r JOIN people n ON n.id = r.person_id JOIN people w ON w.id = r.recorded_by WHERE r.proposal_id = proposals.id`, 'x.round DESC, x.by_name, x.id')}`,
  }).from(proposals).where(eq(proposals.id, sql.placeholder('id'))));

interface Json { row: Record<string, unknown>; by_name: string; recorded_by_name?: string }

export async function proposalDetail(db: Db, proposalId: string) {
  const [found] = await detailRow(db, { id: proposalId });
  if (!found) return null;
  const versions = found.versions.map((x) => ({ v: rowFromJson(proposalVersions, x.row), by: x.by_name }));
  return {
    proposal: found.proposal,
    current: versions[0]?.v,
    versions,
    questions: found.questions.map((x) => ({ q: rowFromJson(proposalQuestions, x.row), by: x.by_name })),
    reactions: found.reactions.map((x) => ({ r: rowFromJson(proposalReactions, x.row), by: x.by_name })),
    responses: found.responses.map((x) => ({ r: rowFromJson(consentResponses, x.row), by: x.by_name, recordedByName: x.recorded_by_name ?? '' })),
    authorName: found.authorName ?? '',
    facilitatorName: found.facilitatorName ?? '',
  };
}
export type ProposalDetail = NonNullable<Awaited<ReturnType<typeof proposalDetail>>>;

/** A circle's open proposals with their current title (keyset by updated time). */
export async function openProposals(db: Db, circleIds: string[], before?: { at: Date; id: string }) {
  if (circleIds.length === 0) return [];
  return db
    .select({ id: proposals.id, circleId: proposals.circleId, state: proposals.state, updatedAt: proposals.updatedAt, title: proposalVersions.title, deadline: proposals.deadline })
    .from(proposals)
    .innerJoin(proposalVersions, and(eq(proposalVersions.proposalId, proposals.id), eq(proposalVersions.version, proposals.version)))
    .where(
      and(
        inArray(proposals.circleId, circleIds),
        inArray(proposals.state, openStates),
        before ? or(lt(proposals.updatedAt, before.at), and(eq(proposals.updatedAt, before.at), lt(proposals.id, before.id))) : undefined,
      ),
    )
    .orderBy(desc(proposals.updatedAt), desc(proposals.id))
    .limit(50);
}
