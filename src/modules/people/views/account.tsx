import { t } from '../../../web/i18n.ts';
import { formatDateTime } from '../../../web/format.ts';
import { ActionButton, Checkbox, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import { Table } from '../../../web/views/table.tsx';

const channels = [
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone call' },
  { value: 'sms', label: 'Text message' },
  { value: 'post', label: 'Post' },
];
const languages = [
  { value: 'en', label: 'English' },
  { value: 'cy', label: 'Cymraeg (Welsh)' },
];

export function ProfileView({ state, email }: { state: FormState; email: string }) {
  return (
    <>
      <h1>{t('Your profile')}</h1>
      <p>
        {t('Signed in as {email}.', { email })} <a href="/me/devices">{t('Your devices')}</a> ·{' '}
        <a href="/me/tokens">{t('API tokens')}</a> · <a href="/me/export">{t('Download your data')}</a>
      </p>
      <Form action="/me/profile" state={state} submit={t('Save profile')}>
        <Field name="name" label={t('Full name')} autocomplete="name" state={state} />
        <Field name="preferredName" label={t('Preferred name (optional)')} hint={t('What people should call you.')} state={state} />
        <Field name="pronouns" label={t('Pronouns (optional)')} hint={t('For example: she/her, they/them.')} state={state} />
        <Field name="phone" label={t('Phone number (optional)')} type="tel" autocomplete="tel" state={state} />
        <Field name="address" label={t('Address (optional)')} type="textarea" state={state} />
        <Select name="preferredChannel" label={t('How would you like us to contact you?')} options={channels} state={state} />
        <Select name="language" label={t('Language')} options={languages} state={state} />
        <fieldset>
          <legend>{t('Accessibility preferences')}</legend>
          <Checkbox name="largeText" label={t('Larger text')} state={state} />
          <Checkbox name="reducedMotion" label={t('Less movement on screen')} state={state} />
          <Checkbox name="highContrast" label={t('Higher contrast')} state={state} />
        </fieldset>
        <Field name="accessibilityNotes" label={t('Anything else that helps you (optional)')} type="textarea" state={state} />
      </Form>
    </>
  );
}

interface DeviceRow {
  id: string;
  userAgent: string;
  createdAt: Date;
  lastSeenAt: Date;
}

export function DevicesView({ devices, currentId, csrf, tz }: { devices: DeviceRow[]; currentId?: string; csrf: string; tz: string }) {
  return (
    <>
      <h1>{t('Your devices')}</h1>
      <p>{t('These are the browsers and devices signed in to your account. Sign out any you do not recognise.')}</p>
      <Table caption={t('Signed-in devices')} hideCaption>
        <thead>
          <tr>
            <th scope="col">{t('Device')}</th>
            <th scope="col">{t('Signed in')}</th>
            <th scope="col">{t('Last used')}</th>
            <th scope="col">{t('Action')}</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => (
            <tr key={d.id}>
              <td>
                {d.userAgent || t('Unknown device')}
                {d.id === currentId ? <strong> ({t('this device')})</strong> : null}
              </td>
              <td>{formatDateTime(d.createdAt, tz)}</td>
              <td>{formatDateTime(d.lastSeenAt, tz)}</td>
              <td>
                <ActionButton action={`/me/devices/${d.id}/revoke`} csrf={csrf} label={t('Sign out this device')} secondary />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}

interface TokenRow {
  id: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export function TokensView({ tokens, state, created, tz }: { tokens: TokenRow[]; state: FormState; created?: string; tz: string }) {
  return (
    <>
      <h1>{t('API tokens')}</h1>
      <p>{t('A token lets another program use the Care Circles API as you. Keep it secret. Revoke it when you no longer need it.')}</p>
      {created ? (
        <div class="notice" role="status">
          <p>{t('Your new token. Copy it now: it will not be shown again.')}</p>
          <p>
            <code>{created}</code>
          </p>
        </div>
      ) : null}
      {tokens.length === 0 ? (
        <p>{t('You have no API tokens.')}</p>
      ) : (
        <Table caption={t('Your API tokens')} hideCaption>
          <thead>
            <tr>
              <th scope="col">{t('Name')}</th>
              <th scope="col">{t('Created')}</th>
              <th scope="col">{t('Last used')}</th>
              <th scope="col">{t('Action')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((tk) => (
              <tr key={tk.id}>
                <td>{tk.label}</td>
                <td>{formatDateTime(tk.createdAt, tz)}</td>
                <td>{tk.lastUsedAt ? formatDateTime(tk.lastUsedAt, tz) : t('Never')}</td>
                <td>
                  <ActionButton action={`/me/tokens/${tk.id}/revoke`} csrf={state.csrf} label={t('Revoke')} secondary />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <h2>{t('Create a token')}</h2>
      <Form action="/me/tokens" state={state} submit={t('Create token')}>
        <Field name="label" label={t('Name of the token')} hint={t('So you can recognise it later, for example "calendar sync".')} state={state} />
      </Form>
    </>
  );
}
