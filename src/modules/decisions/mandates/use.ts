import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { Invalid } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { circles, logbookEntries } from '../../circles/schema.ts';
import { proposals } from '../schema.ts';
import { effectLabels } from './labels.ts';
import { type EffectKind, type MandateEffect, mandateEffects } from './schema.ts';

type Entry = typeof logbookEntries.$inferSelect;

export interface Citation {
  /** The input field that named the decision: the message goes beside it. */
  field: string;
  decisionId: unknown;
  /** Only a decision of this circle may authorise the act. */
  circleId: string;
  kind: EffectKind;
  /** What the act is, for messages: "creates this circle", "allows this payment". */
  act: string;
}

/**
 * The effects of `kind` of the cited decision, locked for the rest of the transaction: the
 * decision must be adopted, in force and of the right circle, and carry that kind of effect.
 * Anything else is refused with a message saying which of these it failed. The caller then
 * picks the matching effect and uses it (useOnce, or its own limits).
 */
export async function citedEffects(tx: Tx, c: Citation): Promise<{ entry: Entry; effects: MandateEffect[] }> {
  const refuse = (message: string): never => {
    throw new Invalid({ [c.field]: message });
  };
  if (typeof c.decisionId !== 'string' || !isUuid(c.decisionId)) return refuse(`Choose the adopted decision that ${c.act}`);
  const [entry] = await tx.select().from(logbookEntries).where(eq(logbookEntries.id, c.decisionId));
  if (!entry) {
    const [proposal] = await tx.select({ state: proposals.state }).from(proposals).where(eq(proposals.id, c.decisionId));
    return refuse(proposal ? `That proposal is ${proposal.state.replace('_', ' ')}, not adopted: it authorises nothing yet` : `No decision has that id: choose the adopted decision that ${c.act}`);
  }
  if (entry.circleId !== c.circleId) {
    const [circle] = await tx.select({ name: circles.name }).from(circles).where(eq(circles.id, c.circleId));
    return refuse(`“${entry.title}” is a decision of another circle: only a decision of ${circle?.name ?? 'the right circle'} ${c.act}`);
  }
  if (!['in_force', 'review_due'].includes(entry.state)) return refuse(`“${entry.title}” is no longer in force (${entry.state.replace('_', ' ')})`);
  const all = await tx.select().from(mandateEffects).where(eq(mandateEffects.logbookEntryId, entry.id)).for('update');
  const effects = all.filter((e) => e.kind === c.kind);
  if (effects.length === 0) {
    const says = all.length ? `it authorises: ${[...new Set(all.map((e) => effectLabels[e.kind].toLowerCase()))].join('; ')}` : 'it states no effects, so it authorises nothing';
    return refuse(`“${entry.title}” does not authorise this: ${says}`);
  }
  return { entry, effects };
}

/**
 * Use a once-only effect (one that authorises a single later act): the first matching one
 * still available is marked used up, with what it was used for. An applied effect has been
 * used by its adoption already.
 */
export async function useOnce(
  ctx: Ctx,
  c: Citation,
  matches: (params: Record<string, unknown>) => boolean,
  result: Record<string, unknown>,
): Promise<{ entry: Entry; effect: MandateEffect }> {
  const { entry, effects } = await citedEffects(ctx.tx, c);
  const matching = effects.filter((e) => matches(e.params));
  const effect = matching.find((e) => e.status === 'available');
  if (!effect) {
    const refusal =
      matching.length === 0
        ? `“${entry.title}” authorises something else of this kind: its terms are not these`
        : matching.some((e) => e.status === 'applied')
          ? `“${entry.title}” made this change when it was adopted; it authorises nothing more`
          : `“${entry.title}” has been used already: it authorised this once, and that was done`;
    throw new Invalid({ [c.field]: refusal });
  }
  await ctx.tx.update(mandateEffects).set({ status: 'used_up', result: { ...(effect.result ?? {}), ...result } }).where(eq(mandateEffects.id, effect.id));
  await ctx.emit({ type: 'mandate.used', subjectType: 'logbook_entry', subjectId: entry.id, data: { effectId: effect.id, kind: c.kind, ...result } });
  return { entry, effect };
}

/** An available effect of this kind and subject (a pool), locked: the authorising row its uses count against. */
export async function availableEffect(tx: Tx, entryId: string, kind: EffectKind, subjectId: string): Promise<MandateEffect | null> {
  const [row] = await tx
    .select()
    .from(mandateEffects)
    .where(and(eq(mandateEffects.logbookEntryId, entryId), eq(mandateEffects.kind, kind), eq(mandateEffects.subjectId, subjectId)))
    .for('update');
  return row ?? null;
}
