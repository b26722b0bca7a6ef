import type { Stage } from '../schema.ts';

export interface StageField {
  name: string;
  label: string;
  type?: 'text' | 'textarea' | 'date' | 'select';
  hint?: string;
  options?: readonly { value: string; label: string }[];
}

const yesNo = [
  { value: '', label: 'Choose' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const;
const notes: StageField[] = [{ name: 'notes', label: 'Notes', type: 'textarea' }];

/** What each stage asks, in the order a conversation would: the labels of records.ts's fields. */
export const stageForms: Record<Stage, { title: string; intro: string; fields: StageField[] }> = {
  first_contact: {
    title: '1. First contact',
    intro: 'Who the support is for, who is asking, and what help they want.',
    fields: [
      { name: 'forName', label: 'Who the support is for' },
      { name: 'askerName', label: 'Who is asking', hint: 'Leave empty if the person is asking for themselves.' },
      { name: 'askerRelationship', label: 'Their relationship to the person', hint: 'For example: daughter, neighbour, social worker.' },
      { name: 'helpWanted', label: 'Help wanted', type: 'textarea' },
      { name: 'needsAndTimings', label: 'Needs and timings', type: 'textarea', hint: 'Which days, what times, how often.' },
      { name: 'postcode', label: 'Postcode', hint: 'The full postcode, or just the first part, like HX1.' },
      {
        name: 'funding', label: 'How the support will be paid for', type: 'select',
        options: [
          { value: '', label: 'Choose' },
          { value: 'self', label: 'Paying for it themselves' },
          { value: 'personal-budget', label: 'Personal budget (direct payments)' },
          { value: 'local-authority', label: 'Local authority' },
          { value: 'nhs', label: 'NHS' },
          { value: 'not-known', label: 'Not known yet' },
        ],
      },
      { name: 'heardFrom', label: 'How they heard about the co-op' },
    ],
  },
  beginning: {
    title: '2. Beginning the relationship',
    intro: 'A longer conversation about their days and the support they want.',
    fields: [
      { name: 'routines', label: 'Routines', type: 'textarea', hint: 'A usual day, and what matters in it.' },
      { name: 'supportWanted', label: 'Support wanted', type: 'textarea' },
      { name: 'supportNotWanted', label: 'Support not wanted', type: 'textarea' },
      { name: 'preferredTimes', label: 'Preferred times' },
      { name: 'workerGender', label: 'Preference about the gender of supporters' },
      { name: 'language', label: 'Language' },
      { name: 'immediateRisks', label: 'Immediate risks', type: 'textarea' },
      { name: 'personalCareOrMedicines', label: 'Are personal care or medicines involved?', type: 'select', options: yesNo, hint: 'If yes, the supportive conversation and trust assessment (stage 4) cannot be skipped.' },
    ],
  },
  matching: {
    title: '3. Finding the right match',
    intro: 'An opportunity summary goes to supporters nearby only if the person agrees.',
    fields: [
      { name: 'consentToShare', label: 'Do they agree to an opportunity summary being shared?', type: 'select', options: yesNo },
      { name: 'summary', label: 'Opportunity summary', type: 'textarea', hint: 'What supporters nearby will read. No names or addresses.' },
      { name: 'introductions', label: 'Shortlist and introductions', type: 'textarea' },
    ],
  },
  conversation: {
    title: '4. Supportive conversation and trust assessment',
    intro: 'Face to face. Required when personal care or medicines are involved.',
    fields: [
      { name: 'metOn', label: 'Date you met face to face', type: 'date' },
      { name: 'trustAssessment', label: 'Trust assessment', type: 'textarea', hint: 'The risks, and the responsibilities where trust needs to be built.' },
      { name: 'profileNotes', label: 'Notes for the Getting Support Profile', type: 'textarea' },
    ],
  },
  profiles: { title: '5. Profiles and promises', intro: 'The profile is completed and the Getting Support Promise signed before any team support begins.', fields: notes },
  building: { title: '6. Building the team', intro: 'Invitations, trials and welcomes happen in the team.', fields: notes },
  organising: { title: '7. Getting organised', intro: 'The first team meeting: hats named, nominated and tried, check-in dates set.', fields: notes },
  stepping_back: { title: '8. Stepping back', intro: 'When the essential hats are held, the Team Starter hands over and leaves.', fields: notes },
};

const fundingWords: Record<string, string> = Object.fromEntries((stageForms.first_contact.fields.find((f) => f.name === 'funding')?.options ?? []).map((o) => [o.value, o.label]));

/** An answer as a person would read it. */
export function answerText(field: StageField, value: unknown): string {
  if (value === undefined || value === null || value === '') return 'Not recorded';
  if (field.name === 'funding') return fundingWords[String(value)] ?? String(value);
  if (value === 'yes') return 'Yes';
  if (value === 'no') return 'No';
  return String(value);
}
