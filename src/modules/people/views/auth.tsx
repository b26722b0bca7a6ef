import { t } from '../../../web/i18n.ts';
import { Field, Form, type FormState } from '../../../web/views/forms.tsx';

export function SignInView({ state, next }: { state: FormState; next: string }) {
  return (
    <>
      <h1>{t('Sign in')}</h1>
      <Form action={`/sign-in${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} state={state} submit={t('Sign in')}>
        <Field name="email" label={t('Email address')} type="email" autocomplete="username" state={state} />
        <Field name="password" label={t('Password')} type="password" autocomplete="current-password" state={state} />
      </Form>
      <p>
        <a href="/forgot-password">{t('Forgotten your password?')}</a>
      </p>
      <p>{t('New to Care Circles? You join by invitation from someone in the co-op.')}</p>
    </>
  );
}

export function ForgotPasswordView({ state }: { state: FormState }) {
  return (
    <>
      <h1>{t('Reset your password')}</h1>
      <p>{t('Enter the email address you use for Care Circles. We will email you a link to choose a new password.')}</p>
      <Form action="/forgot-password" state={state} submit={t('Send the link')}>
        <Field name="email" label={t('Email address')} type="email" autocomplete="email" state={state} />
      </Form>
    </>
  );
}

export function ResetSentView() {
  return (
    <>
      <h1>{t('Check your email')}</h1>
      <p>
        {t('If that address belongs to an account, we have sent a link to reset the password. The link works for one hour.')}
      </p>
      <p>
        <a href="/sign-in">{t('Back to sign in')}</a>
      </p>
    </>
  );
}

export function NewPasswordView({ state, action, heading }: { state: FormState; action: string; heading: string }) {
  return (
    <>
      <h1>{heading}</h1>
      <Form action={action} state={state} submit={t('Save the new password')}>
        <Field name="password" label={t('New password')} type="password" autocomplete="new-password" hint={t('At least 10 characters. A few words strung together are easy to remember.')} state={state} />
        <Field name="confirmPassword" label={t('New password again')} type="password" autocomplete="new-password" state={state} />
      </Form>
    </>
  );
}

export function JoinView({ state, action, invitedName }: { state: FormState; action: string; invitedName: string }) {
  return (
    <>
      <h1>{t('Welcome to Care Circles')}</h1>
      <p>{t('You have been invited, {name}. Check your name and choose a password to join.', { name: invitedName })}</p>
      <Form action={action} state={state} submit={t('Join Care Circles')}>
        <Field name="name" label={t('Your name')} autocomplete="name" state={state} />
        <Field name="password" label={t('Choose a password')} type="password" autocomplete="new-password" hint={t('At least 10 characters.')} state={state} />
        <Field name="confirmPassword" label={t('Password again')} type="password" autocomplete="new-password" state={state} />
      </Form>
    </>
  );
}
