import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db.ts';
import { type EventInput, onEvent } from '../../platform/events.ts';
import { isUuid } from '../../platform/ids.ts';
import { getCircle } from '../circles/queries.ts';
import { hatDefinitions } from '../circles/schema.ts';
import { people } from '../people/schema.ts';
import { MAX_MESSAGE_LENGTH, writeMessage } from './messages.ts';

/*
 * THE CONTRACT between the chat and the modules whose events it shows.
 *
 * An event whose subjectType is 'circle' (subjectId = the circle's or Team's id) becomes a
 * system message in that circle's channel, written in the SAME transaction as the event:
 *   - 'circle.member-joined', data.personId   -> "<name> joined"
 *   - 'circle.member-left',   data.personId   -> "<name> left"
 *   - 'hat.assigned', data.personId, data.hatId -> "<name> took the <hat> hat"
 *   - any type starting 'team.' with data.chatText a non-empty string -> that text as it is,
 *     e.g. { type: 'team.visit-booked', subjectType: 'circle', subjectId: teamId,
 *            data: { chatText: 'Sam booked a visit for Tuesday 10:00.' } }
 *     Write chatText for the whole team to read: plain words, no personal or health details.
 * Everything else is ignored. Text is plain (escaped when shown) and cut to the message limit.
 */
async function systemText(tx: Tx, event: EventInput): Promise<string | null> {
  const data = event.data ?? {};
  const nameOf = async (id: unknown) => {
    if (!isUuid(id)) return null;
    const [person] = await tx.select({ name: people.name }).from(people).where(eq(people.id, id));
    return person?.name ?? null;
  };
  switch (event.type) {
    case 'circle.member-joined': {
      const name = await nameOf(data.personId);
      return name ? `${name} joined` : null;
    }
    case 'circle.member-left': {
      const name = await nameOf(data.personId);
      return name ? `${name} left` : null;
    }
    case 'hat.assigned': {
      const name = await nameOf(data.personId);
      const [hat] = isUuid(data.hatId) ? await tx.select({ name: hatDefinitions.name }).from(hatDefinitions).where(eq(hatDefinitions.id, data.hatId)) : [];
      return name && hat ? `${name} took the ${hat.name} hat` : null;
    }
    default:
      return event.type.startsWith('team.') && typeof data.chatText === 'string' && data.chatText.trim() ? data.chatText.trim() : null;
  }
}

export async function writeSystemMessage(tx: Tx, _actorId: string | null, at: Date, event: EventInput): Promise<void> {
  const text = await systemText(tx, event);
  // A bad subject must never break the other module's command: no circle, no message.
  if (!text || !(await getCircle(tx, event.subjectId))) return;
  await writeMessage(tx, { circleId: event.subjectId, authorId: null, kind: 'system', body: text.slice(0, MAX_MESSAGE_LENGTH), at });
}

onEvent('circle', writeSystemMessage);
