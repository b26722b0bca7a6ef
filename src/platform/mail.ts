import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Tx } from './db.ts';
import { newId } from './ids.ts';
import { enqueue, registerJob } from './jobs.ts';
import { outbox } from './schema.ts';

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

/**
 * Mail is written to the outbox in the caller's transaction, so it is sent if and only if the
 * change that caused it commits. A job then sends it over SMTP when one is configured.
 */
export async function queueMail(tx: Tx, now: Date, mail: Mail): Promise<void> {
  const id = newId();
  await tx.insert(outbox).values({
    id,
    toAddress: mail.to,
    subject: mail.subject,
    body: mail.body,
    createdAt: now,
  });
  await enqueue(tx, { kind: 'mail.send', payload: { id }, runAt: now, dedupeKey: `mail:${id}` });
}

export interface MailSettings {
  smtpUrl: string | undefined;
  from: string;
}

/** Registers the sender. Without SMTP the job leaves the mail in the outbox for admins to read. */
export function registerMailSender(settings: MailSettings): void {
  const transport = settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : null;
  registerJob('mail.send', async ({ tx, now }, payload) => {
    if (!transport) return;
    const id = String(payload.id);
    const [mail] = await tx.select().from(outbox).where(eq(outbox.id, id)).for('update');
    if (!mail || mail.sentAt) return;
    await transport.sendMail({
      from: settings.from,
      to: mail.toAddress,
      subject: mail.subject,
      text: mail.body,
    });
    await tx
      .update(outbox)
      .set({ sentAt: now, attempts: mail.attempts + 1 })
      .where(eq(outbox.id, id));
  });
}
