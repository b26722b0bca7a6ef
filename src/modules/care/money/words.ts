import { t } from '../../../web/i18n.ts';
import { payerKinds } from '../schema.ts';

const payerWords: Record<string, string> = { person: 'The person', personal_budget: 'Personal budget', local_authority: 'Local authority' };

/** "Personal budget": a payer kind in plain words. */
export const payerLabel = (kind: string): string => t(payerWords[kind] ?? kind);
export const payerOptions = payerKinds.map((k) => ({ value: k, label: payerLabel(k) }));
