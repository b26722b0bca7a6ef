import { t } from '../../../web/i18n.ts';
import { formatDateTime } from '../../../web/format.ts';
import { Field, Form, type FormState } from '../../../web/views/forms.tsx';
import { Table } from '../../../web/views/table.tsx';

interface SentRow {
  id: string;
  name: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

function status(row: SentRow, now: Date): string {
  if (row.usedAt) return t('Joined');
  if (row.revokedAt) return t('Replaced');
  if (row.expiresAt <= now) return t('Expired');
  return t('Waiting');
}

export function InvitationsView({ state, sent, now, tz }: { state: FormState; sent: SentRow[]; now: Date; tz: string }) {
  return (
    <>
      <h1>{t('Invite someone')}</h1>
      <p>{t('People join Care Circles by invitation. We will email them a link that works once, for 14 days.')}</p>
      <Form action="/invitations" state={state} submit={t('Send invitation')}>
        <Field name="name" label={t('Their name')} state={state} />
        <Field name="email" label={t('Their email address')} type="email" state={state} />
        <Field name="message" label={t('A message from you (optional)')} type="textarea" state={state} />
      </Form>
      <h2>{t('Invitations you have sent')}</h2>
      {sent.length === 0 ? (
        <p>{t('None yet.')}</p>
      ) : (
        <Table caption={t('Invitations you have sent')} hideCaption>
          <thead>
            <tr>
              <th scope="col">{t('Name')}</th>
              <th scope="col">{t('Email')}</th>
              <th scope="col">{t('Sent')}</th>
              <th scope="col">{t('Status')}</th>
            </tr>
          </thead>
          <tbody>
            {sent.map((row) => (
              <tr key={row.id}>
                <td>{row.name}</td>
                <td>{row.email}</td>
                <td>{formatDateTime(row.createdAt, tz)}</td>
                <td>{status(row, now)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
