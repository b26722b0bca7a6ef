import { alias } from 'drizzle-orm/pg-core';
import { and, asc, desc, eq, inArray, lt, or } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { people } from '../people/schema.ts';
import { openStates } from './machine.ts';
import { consentResponses, proposalQuestions, proposalReactions, proposals, proposalVersions } from './schema.ts';

/** The person who recorded an answer (themselves, or a meeting's facilitator). */
const recorder = alias(people, 'recorder');

export async function proposalDetail(db: Db, proposalId: string) {
  const [proposal] = await db.select().from(proposals).where(eq(proposals.id, proposalId));
  if (!proposal) return null;
  const versions = await db
    .select({ v: proposalVersions, by: people.name })
    .from(proposalVersions)
    .innerJoin(people, eq(people.id, proposalVersions.amendedBy))
    .where(eq(proposalVersions.proposalId, proposalId))
    .orderBy(desc(proposalVersions.version));
  const questions = await db
    .select({ q: proposalQuestions, by: people.name })
    .from(proposalQuestions)
    .innerJoin(people, eq(people.id, proposalQuestions.askedBy))
    .where(eq(proposalQuestions.proposalId, proposalId))
    .orderBy(asc(proposalQuestions.createdAt));
  const reactions = await db
    .select({ r: proposalReactions, by: people.name })
    .from(proposalReactions)
    .innerJoin(people, eq(people.id, proposalReactions.personId))
    .where(eq(proposalReactions.proposalId, proposalId))
    .orderBy(asc(proposalReactions.createdAt));
  const responses = await db
    .select({ r: consentResponses, by: people.name, recordedByName: recorder.name })
    .from(consentResponses)
    .innerJoin(people, eq(people.id, consentResponses.personId))
    .innerJoin(recorder, eq(recorder.id, consentResponses.recordedBy))
    .where(eq(consentResponses.proposalId, proposalId))
    .orderBy(desc(consentResponses.round), asc(people.name));
  const [author] = await db.select({ name: people.name }).from(people).where(eq(people.id, proposal.authorId));
  const [facilitator] = await db.select({ name: people.name }).from(people).where(eq(people.id, proposal.facilitatorId));
  return {
    proposal,
    current: versions[0]?.v,
    versions,
    questions,
    reactions,
    responses,
    authorName: author?.name ?? '',
    facilitatorName: facilitator?.name ?? '',
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
