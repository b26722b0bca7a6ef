import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../../platform/db.ts';
import { circleHats, circleMembership, getCircle } from '../../circles/queries.ts';
import type { logbookEntries } from '../../circles/schema.ts';
import { selections } from '../../circles/selection/schema.ts';
import { consentResponses, proposals } from '../schema.ts';
import { appealAnswers, appealSigners, type appeals } from './schema.ts';

type Entry = typeof logbookEntries.$inferSelect;
type Appeal = typeof appeals.$inferSelect;
export type DecidingStage = 'circle_review' | 'panel_review';

/**
 * Who made the decision under appeal: whoever recorded the entry, and for an adopted proposal
 * its author, its facilitator and whoever recorded answers for others in its rounds; for a
 * selection, its facilitator. None of them sits on the appeal's panel.
 */
export async function decisionMakers(db: Db, entry: Entry): Promise<Set<string>> {
  const makers = new Set<string>(entry.authorId ? [entry.authorId] : []);
  if (entry.sourceType === 'proposal' && entry.sourceId) {
    const [p] = await db.select({ authorId: proposals.authorId, facilitatorId: proposals.facilitatorId }).from(proposals).where(eq(proposals.id, entry.sourceId));
    if (p) for (const id of [p.authorId, p.facilitatorId]) makers.add(id);
    const recorders = await db
      .selectDistinct({ id: consentResponses.recordedBy })
      .from(consentResponses)
      .where(and(eq(consentResponses.proposalId, entry.sourceId), ne(consentResponses.recordedBy, consentResponses.personId)));
    for (const r of recorders) makers.add(r.id);
  }
  if (entry.sourceType === 'selection' && entry.sourceId) {
    const [s] = await db.select({ facilitatorId: selections.facilitatorId }).from(selections).where(eq(selections.id, entry.sourceId));
    if (s) makers.add(s.facilitatorId);
  }
  return makers;
}

/**
 * The wider panel as it stands now: the circle's Delegates and the parent circle's full
 * participants (both in their terms), less whoever made the decision and whoever signed the
 * appeal (nobody judges their own decision or their own appeal).
 */
export async function eligiblePanel(db: Db, now: Date, appealId: string, entry: Entry): Promise<string[]> {
  const circle = await getCircle(db, entry.circleId);
  const delegates = (await circleHats(db, entry.circleId, now)).filter((h) => h.role === 'delegate').flatMap((h) => h.holders.map((x) => x.personId));
  const parent = circle?.parentId ? (await circleMembership(db, circle.parentId, now)).filter((m) => m.participation === 'full').map((m) => m.personId) : [];
  const makers = await decisionMakers(db, entry);
  const signers = new Set((await db.select({ personId: appealSigners.personId }).from(appealSigners).where(eq(appealSigners.appealId, appealId))).map((s) => s.personId));
  return [...new Set([...delegates, ...parent])].filter((id) => !makers.has(id) && !signers.has(id));
}

/**
 * Who decides at this stage now. The circle: its full participants in their terms. The panel:
 * the people fixed on it when it was formed who are still eligible (someone who has left, or
 * whose term ended, no longer answers, and is no longer waited for).
 */
export async function decidersNow(db: Db, now: Date, appeal: Appeal, entry: Entry): Promise<string[]> {
  if (appeal.state === 'circle_review') {
    return (await circleMembership(db, entry.circleId, now)).filter((m) => m.participation === 'full').map((m) => m.personId);
  }
  if (appeal.state === 'panel_review') {
    const eligible = new Set(await eligiblePanel(db, now, appeal.id, entry));
    return appeal.panel.filter((id) => eligible.has(id));
  }
  return [];
}

/**
 * A body decides only by the consent of every one of its members, and never as one person: the
 * one exception is a circle of a single full participant passing the appeal on to the wider
 * panel, which decides nothing about the decision itself.
 */
export function isAgreed(step: string, deciders: string[], answers: { personId: string; answer: string }[]): boolean {
  if (deciders.length < 2 && !(step === 'to-panel' && deciders.length === 1)) return false;
  const consented = new Set(answers.filter((a) => a.answer === 'consent').map((a) => a.personId));
  return deciders.every((id) => consented.has(id));
}

export async function answersAt(db: Db, appealId: string, stage: DecidingStage) {
  return db.select().from(appealAnswers).where(and(eq(appealAnswers.appealId, appealId), eq(appealAnswers.stage, stage)));
}
