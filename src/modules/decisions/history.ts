import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db.ts';
import { people } from '../people/schema.ts';
import { consentResponses, proposalQuestions, proposalReactions, proposalVersions } from './schema.ts';

/** The proposal's whole story, kept with its logbook entry: versions, questions, reactions, rounds. */
export async function proposalHistory(tx: Tx, proposalId: string): Promise<unknown[]> {
  const names = new Map<string, string>();
  const name = async (id: string | null) => {
    if (!id) return null;
    if (!names.has(id)) {
      const [p] = await tx.select({ name: people.name }).from(people).where(eq(people.id, id));
      names.set(id, p?.name ?? 'someone');
    }
    return names.get(id);
  };
  const versions = await tx.select().from(proposalVersions).where(eq(proposalVersions.proposalId, proposalId)).orderBy(asc(proposalVersions.version));
  const questions = await tx.select().from(proposalQuestions).where(eq(proposalQuestions.proposalId, proposalId)).orderBy(asc(proposalQuestions.createdAt));
  const reactions = await tx.select().from(proposalReactions).where(eq(proposalReactions.proposalId, proposalId)).orderBy(asc(proposalReactions.createdAt));
  const responses = await tx
    .select()
    .from(consentResponses)
    .where(eq(consentResponses.proposalId, proposalId))
    .orderBy(asc(consentResponses.round), asc(consentResponses.createdAt));
  const out: unknown[] = [];
  for (const v of versions) {
    out.push({ type: 'version', version: v.version, at: v.createdAt, by: await name(v.amendedBy), title: v.title, driver: v.driver, text: v.text, term: v.term, reviewDate: v.reviewDate, reason: v.reason });
  }
  for (const q of questions) {
    out.push({ type: 'question', at: q.createdAt, by: await name(q.askedBy), question: q.question, answer: q.answer, answeredBy: await name(q.answeredBy) });
  }
  for (const r of reactions) out.push({ type: 'reaction', at: r.createdAt, by: await name(r.personId), version: r.version, text: r.text });
  for (const r of responses) {
    out.push({
      type: 'response',
      at: r.createdAt,
      round: r.round,
      version: r.version,
      by: await name(r.personId),
      recordedBy: await name(r.recordedBy),
      response: r.response,
      concern: r.concern,
      reason: r.reason,
      withdrawn: r.withdrawnAt !== null,
    });
  }
  return out;
}
