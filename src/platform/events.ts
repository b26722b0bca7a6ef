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
 * message "Rose joined"): it commits or rolls back with the change. A hook names the subject
 * type it handles, so a command whose whole change is one statement (a gift, ADR 0014) can
 * tell that no hook needs its transaction.
 */
export type EventHook = (tx: Tx, actorId: string | null, at: Date, event: EventInput) => Promise<void>;
const hooks: { subjectType: string; hook: EventHook }[] = [];

/** Modules register hooks when they are imported; registering the same function twice is a no-op. */
export function onEvent(subjectType: string, hook: EventHook): void {
  if (!hooks.some((h) => h.hook === hook)) hooks.push({ subjectType, hook });
}

/** Whether any hook handles events about this subject type. */
export const hasEventHooks = (subjectType: string): boolean => hooks.some((h) => h.subjectType === subjectType);

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
  for (const h of hooks) if (h.subjectType === event.subjectType) await h.hook(tx, actorId, at, event);
}
