import type { Tx } from './db.ts';
import { newId } from './ids.ts';
import { events } from './schema.ts';

export interface EventInput {
  type: string;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
}

/** Written inside the command's transaction, so an event exists exactly when its change does. */
export async function appendEvent(
  tx: Tx,
  actorId: string | null,
  at: Date,
  event: EventInput,
): Promise<void> {
  await tx.insert(events).values({
    id: newId(),
    type: event.type,
    actorId,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    data: event.data ?? {},
    at,
  });
}
