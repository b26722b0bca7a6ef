import { z } from 'zod';

// What each stage learns (DOMAIN 4.1), validated the same way for forms and the JSON API:
// every field has its own plain-English message, and blank optional answers are dropped.

const required = (message: string, max = 4000) =>
  z.string({ error: message }).trim().min(1, message).max(max, `Keep this to ${max} characters or fewer`);
const optional = (max = 4000) =>
  z.string().trim().max(max, `Keep this to ${max} characters or fewer`).optional().transform((v) => v || undefined);
const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message });

/** Check across fields even when another field is wrong, so a form lists every problem at once. */
const always = () => true;

export const fundingSources = ['self', 'personal-budget', 'local-authority', 'nhs', 'not-known'] as const;

/** A full UK postcode or just its first half: a first contact often knows only the area. */
const postcode = z
  .string({ error: 'Enter the postcode, like HX1 2AB or HX1' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,2}\d[A-Z\d]?(\s*\d[A-Z]{2})?$/, 'Enter the postcode, like HX1 2AB or HX1')
  .transform((v) => v.replace(/\s+/g, '').replace(/^(.+)(\d[A-Z]{2})$/, '$1 $2'));

export const firstContactRecord = z
  .object({
    forName: required('Say who the support is for', 120),
    askerName: optional(120),
    askerRelationship: optional(120),
    helpWanted: required('Say what help is wanted'),
    needsAndTimings: required('Say what is needed and when (days, times, how often)'),
    postcode,
    funding: z.enum(fundingSources, { error: 'Choose how the support will be paid for' }),
    heardFrom: optional(200),
  })
  .refine((v) => !v.askerName || !!v.askerRelationship, {
    path: ['askerRelationship'],
    message: 'Say how the person asking is related to the person the support is for',
    when: always,
  });

/**
 * Beginning the relationship. Whether personal care or medicines are involved is asked here,
 * not at stage 4, because it decides whether stage 4 may be skipped: it must be known before.
 */
export const beginningRecord = z.object({
  routines: required('Describe their routines: a usual day, what matters in it'),
  supportWanted: required('Say what support they want'),
  supportNotWanted: optional(),
  preferredTimes: optional(500),
  workerGender: optional(200),
  language: optional(100),
  immediateRisks: optional(),
  personalCareOrMedicines: yesNo('Say whether personal care or medicines are involved'),
});

export const matchingRecord = z
  .object({
    consentToShare: yesNo('Say whether they agree to an opportunity summary being shared with supporters nearby'),
    summary: optional(2000),
    introductions: optional(),
  })
  .refine((v) => v.consentToShare !== 'yes' || !!v.summary, { path: ['summary'], message: 'Write the opportunity summary to share', when: always })
  // Without consent nothing about the person may be shared, so no summary is kept.
  .transform((v) => (v.consentToShare === 'no' ? { ...v, summary: undefined } : v));

export const conversationRecord = z.object({
  metOn: z.iso.date({ error: 'Enter the date you met face to face, like 2027-03-20' }),
  trustAssessment: required('Record the trust assessment: the risks and responsibilities where trust needs to be built'),
  profileNotes: optional(),
});

export const notesRecord = z.object({ notes: optional() });

export const stageRecordSchemas = {
  first_contact: firstContactRecord,
  beginning: beginningRecord,
  matching: matchingRecord,
  conversation: conversationRecord,
  profiles: notesRecord,
  building: notesRecord,
  organising: notesRecord,
  stepping_back: notesRecord,
} as const;

type Saved = { savedAt: string; savedBy: string };
export interface StageRecords {
  first_contact?: z.output<typeof firstContactRecord> & Saved;
  beginning?: z.output<typeof beginningRecord> & Saved;
  matching?: z.output<typeof matchingRecord> & Saved;
  conversation?: z.output<typeof conversationRecord> & Saved;
  profiles?: z.output<typeof notesRecord> & Saved;
  building?: z.output<typeof notesRecord> & Saved;
  organising?: z.output<typeof notesRecord> & Saved;
  stepping_back?: z.output<typeof notesRecord> & Saved;
}
