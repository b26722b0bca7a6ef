import { alias } from 'drizzle-orm/pg-core';
import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { preparedStatement } from '../../platform/prepared.ts';
import { people } from '../people/schema.ts';
import { openStates } from './machine.ts';
import { consentResponses, proposalQuestions, proposalReactions, proposals, proposalVersions } from './schema.ts';

/** The person who recorded an answer (themselves, or a meeting's facilitator). */
const recorder = alias(people, 'recorder');

// The proposal page's statements, prepared (ADR 0023): built once, planned once per connection.
const proposalRow = preparedStatement('decisions_proposal', (db) => db.select().from(proposals).where(eq(proposals.id, sql.placeholder('id'))));
const versionRows = preparedStatement('decisions_proposal_versions', (db) =>
  db.select({ v: proposalVersions, by: people.name }).from(proposalVersions).innerJoin(people, eq(people.id, proposalVersions.amendedBy))
    .where(eq(proposalVersions.proposalId, sql.placeholder('id'))).orderBy(desc(proposalVersions.version)));
const questionRows = preparedStatement('decisions_proposal_questions', (db) =>
  db.select({ q: proposalQuestions, by: people.name }).from(proposalQuestions).innerJoin(people, eq(people.id, proposalQuestions.askedBy))
    .where(eq(proposalQuestions.proposalId, sql.placeholder('id'))).orderBy(asc(proposalQuestions.createdAt)));
const reactionRows = preparedStatement('decisions_proposal_reactions', (db) =>
  db.select({ r: proposalReactions, by: people.name }).from(proposalReactions).innerJoin(people, eq(people.id, proposalReactions.personId))
    .where(eq(proposalReactions.proposalId, sql.placeholder('id'))).orderBy(asc(proposalReactions.createdAt)));
const responseRows = preparedStatement('decisions_proposal_responses', (db) =>
  db.select({ r: consentResponses, by: people.name, recordedByName: recorder.name }).from(consentResponses)
    .innerJoin(people, eq(people.id, consentResponses.personId)).innerJoin(recorder, eq(recorder.id, consentResponses.recordedBy))
    .where(eq(consentResponses.proposalId, sql.placeholder('id'))).orderBy(desc(consentResponses.round), asc(people.name)));
/** The author's and the Facilitator's names in one statement. */
const twoNames = preparedStatement('decisions_proposal_names', (db) =>
  db.select({ id: people.id, name: people.name }).from(people).where(or(eq(people.id, sql.placeholder('a')), eq(people.id, sql.placeholder('b')))));

export async function proposalDetail(db: Db, proposalId: string) {
  const [proposal] = await proposalRow(db, { id: proposalId });
  if (!proposal) return null;
  const versions = await versionRows(db, { id: proposalId });
  const questions = await questionRows(db, { id: proposalId });
  const reactions = await reactionRows(db, { id: proposalId });
  const responses = await responseRows(db, { id: proposalId });
  const names = await twoNames(db, { a: proposal.authorId, b: proposal.facilitatorId });
  const nameOf = (id: string) => names.find((n) => n.id === id)?.name ?? '';
  return {
    proposal,
    current: versions[0]?.v,
    versions,
    questions,
    reactions,
    responses,
    authorName: nameOf(proposal.authorId),
    facilitatorName: nameOf(proposal.facilitatorId),
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
