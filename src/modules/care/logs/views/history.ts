import { formatDateTime } from '../../../../web/format.ts';
import { t } from '../../../../web/i18n.ts';
import { stateLabel } from '../machine.ts';
import type { CareLogState } from '../../schema.ts';

interface Version {
  seq: number;
  at: Date;
  actorId: string | null;
  content: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/**
 * Each version of a log in words: who changed what, with the times before and after, so the
 * times an adjustment replaced stay visible (the log row keeps only the latest).
 */
export function describeVersions(versions: Version[], tz: string, name: (id: string | null) => string) {
  const times = (c: Record<string, unknown>) => {
    const s = str(c.startsAt);
    const e = str(c.endsAt);
    return s && e ? `${formatDateTime(new Date(s), tz)} – ${formatDateTime(new Date(e), tz)} (${String(c.minutes)} min)` : '';
  };
  let prev: Record<string, unknown> | null = null;
  return versions.map((v) => {
    const c = v.content;
    const changes: string[] = [];
    if (!prev) {
      changes.push(c.correctsId ? t('Correction logged: {times}', { times: times(c) }) : t('Logged: {times}', { times: times(c) }));
      if (str(c.adjustReason)) changes.push(t('Reason: {text}', { text: String(c.adjustReason) }));
    } else {
      if (prev.state !== c.state) changes.push(t('Now {state} (was {before})', { state: t(stateLabel(c.state as CareLogState)), before: t(stateLabel(prev.state as CareLogState)) }));
      if (prev.startsAt !== c.startsAt || prev.endsAt !== c.endsAt) changes.push(t('Times: {before} → {after}', { before: times(prev), after: times(c) }));
      if (!prev.supporterConfirmedAt && c.supporterConfirmedAt) changes.push(t('The supporter confirmed'));
      if (!prev.ownerConfirmedAt && c.ownerConfirmedAt) changes.push(t("{name} confirmed for the owner's side", { name: name(str(c.ownerConfirmedBy)) }));
      if (prev.adjustReason !== c.adjustReason && str(c.adjustReason)) changes.push(t('Why the times changed: {text}', { text: String(c.adjustReason) }));
      if (prev.disputeReason !== c.disputeReason && str(c.disputeReason)) changes.push(t('Why it was disputed: {text}', { text: String(c.disputeReason) }));
      if (prev.resolution !== c.resolution && str(c.resolution)) changes.push(t('Note: {text}', { text: String(c.resolution) }));
      if (prev.activity !== c.activity) changes.push(t('What the support was: {text}', { text: String(c.activity ?? '') }));
    }
    if (changes.length === 0) changes.push(t('Saved'));
    prev = c;
    return { seq: v.seq, at: v.at, who: v.actorId ? name(v.actorId) : t('Care Circles (automatic)'), changes };
  });
}
