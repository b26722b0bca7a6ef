import type { Tx } from './db.ts';
import { newId } from './ids.ts';
import { events } from './schema.ts';

export interface EventInput {
  type: string;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
}

/**
 * Something that must happen in the SAME transaction as an event (e.g. the chat's system
 * message "Rose joined"): it commits or rolls back with the change. Keep handlers cheap and
 * return early for events they do not care about: every event passes through every handler.
 */
export type EventHook = (tx: Tx, actorId: string | null, at: Date, event: EventInput) => Promise<void>;
const hooks: EventHook[] = [];

/** Modules register hooks when they are imported; registering the same function twice is a no-op. */
export function onEvent(hook: EventHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
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
  await runEventHooks(tx, actorId, at, event);
}

/**
 * The hooks for an event whose row the caller wrote itself, as part of a statement of its own
 * (the ledger's transfer write: one round trip fewer on the busiest path).
 */
export async function runEventHooks(tx: Tx, actorId: string | null, at: Date, event: EventInput): Promise<void> {
  for (const hook of hooks) await hook(tx, actorId, at, event);
}
