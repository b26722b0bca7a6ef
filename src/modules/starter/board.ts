import type { EnquiryState } from './schema.ts';

export const boardColumns = [
  { key: 'interest', title: 'Interest' },
  { key: 'supportive-conversation', title: 'Supportive conversation' },
  { key: 'introductions', title: 'Introductions' },
  { key: 'check-in-due', title: 'Check-in due' },
  { key: 'getting-support', title: 'Getting support' },
  { key: 'on-hold', title: 'On hold' },
  { key: 'ended', title: 'Ended' },
] as const;
export type BoardColumn = (typeof boardColumns)[number]['key'];

const byState: Record<EnquiryState, BoardColumn> = {
  first_contact: 'interest',
  beginning: 'interest',
  matching: 'introductions',
  conversation: 'supportive-conversation',
  // Stage 5 finishes the profile that the supportive conversation began, before any introductions to the team.
  profiles: 'supportive-conversation',
  building: 'introductions',
  organising: 'getting-support',
  stepping_back: 'getting-support',
  // A self-managing team has left the Team Starter's pipeline but still gets support: the circle keeps seeing it.
  self_managing: 'getting-support',
  on_hold: 'on-hold',
  waitlisted: 'on-hold',
  signposted: 'ended',
  ended: 'ended',
};

/**
 * The one place that decides an enquiry's column on a Local Circle's board.
 * 1. Ended (signposted or ended) is final: nothing there is due.
 * 2. Check-in due wins over every other column, when the next check-in date is today or past:
 *    a waiting-list review or a started team's check-in is due just like an open enquiry's.
 * 3. Otherwise by state: Interest = stages 1-2; Supportive conversation = stages 4-5;
 *    Introductions = stages 3 and 6; Getting support = stages 7-8 and self-managing teams;
 *    On hold = on hold and waitlisted.
 */
export function boardColumn(enquiry: { state: EnquiryState; nextCheckIn: string }, today: string): BoardColumn {
  const column = byState[enquiry.state];
  if (column === 'ended') return column;
  return enquiry.nextCheckIn <= today ? 'check-in-due' : column;
}
