import { Conflict } from '../../../platform/errors.ts';
import type { MeetingState } from './schema.ts';

/** A circle meeting's life as one table; minutes are drafted from what was recorded, then approved. */
export const meetingSteps = {
  'add-item': { from: ['scheduled', 'open'], to: null },
  open: { from: ['scheduled'], to: 'open' },
  record: { from: ['open'], to: null },
  close: { from: ['open'], to: 'closed' },
  'draft-minutes': { from: ['closed', 'minutes_drafted'], to: 'minutes_drafted' },
  approve: { from: ['minutes_drafted'], to: 'minutes_approved' },
  cancel: { from: ['scheduled'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly MeetingState[]; to: MeetingState | null }>;

export type MeetingStep = keyof typeof meetingSteps;

export function assertMeetingStep(step: MeetingStep, state: MeetingState): void {
  if (!(meetingSteps[step].from as readonly MeetingState[]).includes(state)) {
    throw new Conflict(`That cannot be done while the meeting is ${state.replace('_', ' ')}.`);
  }
}
