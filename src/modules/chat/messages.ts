import { z } from 'zod';
import type { Tx } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import { publishInTx } from '../../platform/pubsub.ts';
import { formatDateTime } from '../../web/format.ts';
import type { ChatMessage } from './queries.ts';
import { type ChatMessageKind, chatMessages } from './schema.ts';

export const MAX_MESSAGE_LENGTH = 4000;

export const messageInput = z.object({
  body: z
    .string({ error: 'Write a message before sending' })
    .trim()
    .min(1, 'Write a message before sending')
    .max(MAX_MESSAGE_LENGTH, `A message can be at most ${MAX_MESSAGE_LENGTH.toLocaleString('en-GB')} characters. Shorten it or send it in parts.`),
});

/** Every instance listens on this one channel; the payload says which circle and which message. */
export const CHAT_CHANNEL = 'cc_chat';

export const notificationPayload = (circleId: string, messageId: string): string => `${circleId}:${messageId}`;

export function parseNotification(payload: string): { circleId: string; messageId: string } | null {
  const [circleId, messageId] = payload.split(':');
  return circleId && messageId ? { circleId, messageId } : null;
}

/**
 * Store a message and announce it, both inside the caller's transaction: the announcement
 * reaches the other instances only if the message commits.
 */
export async function writeMessage(
  tx: Tx,
  message: { circleId: string; authorId: string | null; kind: ChatMessageKind; body: string; at: Date },
): Promise<string> {
  const id = newId();
  await tx.insert(chatMessages).values({ id, circleId: message.circleId, authorId: message.authorId, kind: message.kind, body: message.body, createdAt: message.at });
  await publishInTx(tx, CHAT_CHANNEL, notificationPayload(message.circleId, id));
  return id;
}

/** A message as the API and the live stream send it: the body is plain text, never HTML. */
export function messageJson(m: ChatMessage, timeZone: string) {
  return {
    id: m.id,
    circleId: m.circleId,
    kind: m.kind,
    authorId: m.authorId,
    authorName: m.authorName,
    body: m.body,
    createdAt: m.createdAt.toISOString(),
    time: formatDateTime(m.createdAt, timeZone),
  };
}
