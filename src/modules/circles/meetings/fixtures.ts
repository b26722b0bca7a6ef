import type { Actor } from '../../../platform/authz.ts';
import { type Deps, run } from '../../../platform/context.ts';
import { checkIn, moveMeeting, scheduleMeeting } from './commands.ts';

/**
 * A meeting of the circle held now, on the record: scheduled and opened by the facilitator,
 * with each person present checking in themselves. The demo co-op and tests use it to run
 * rounds in a meeting the way people do.
 */
export async function holdMeeting(deps: Deps, circleId: string, facilitator: Actor, present: Actor[], place = 'The community room'): Promise<string> {
  const startsAt = new Date(deps.clock.now().getTime() + 60_000).toISOString();
  const { meetingId } = await run(deps, facilitator, scheduleMeeting, { circleId, startsAt, place });
  await run(deps, facilitator, moveMeeting, { meetingId, step: 'open', facilitatorId: facilitator.personId });
  for (const person of present) await run(deps, person, checkIn, { meetingId });
  return meetingId;
}
