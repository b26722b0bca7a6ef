import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Db, Tx } from './db.ts';
import { newId } from './ids.ts';
import { queueMail } from './mail.ts';
import { notifications } from './schema.ts';
import { people } from '../modules/people/schema.ts';

export interface Notice {
  text: string;
  href: string;
}

/** The site's public address (config BASE_URL), set once at start: an email's link must be absolute. */
let publicBaseUrl = '';
export function setPublicBaseUrl(url: string): void {
  publicBaseUrl = url.replace(/\/$/, '');
}

/**
 * Tell people something needs their response: always in-app; by email too for those whose
 * preferred channel is email, with the link made absolute. Written in the caller's transaction.
 */
export async function notify(tx: Tx, now: Date, personIds: string[], notice: Notice, baseUrl = publicBaseUrl): Promise<void> {
  const unique = [...new Set(personIds)];
  if (unique.length === 0) return;
  await tx.insert(notifications).values(unique.map((personId) => ({ id: newId(), personId, ...notice, createdAt: now })));
  const recipients = await tx
    .select({ email: people.email, name: people.name, channel: people.preferredChannel })
    .from(people)
    .where(inArray(people.id, unique));
  for (const r of recipients.filter((p) => p.channel === 'email')) {
    await queueMail(tx, now, {
      to: r.email,
      subject: notice.text.slice(0, 120),
      body: `Hello ${r.name},\n\n${notice.text}\n\n${/^https?:\/\//.test(notice.href) ? '' : baseUrl}${notice.href}\n`,
    });
  }
}

export async function listNotifications(db: Db, personId: string, before?: Date) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.personId, personId), before ? lt(notifications.createdAt, before) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(50);
}

export async function unreadCount(db: Db, personId: string): Promise<number> {
  const rows = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.personId, personId), isNull(notifications.readAt)))
    .limit(100);
  return rows.length;
}

export async function markAllRead(tx: Tx, personId: string, now: Date): Promise<void> {
  await tx
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.personId, personId), isNull(notifications.readAt)));
}
