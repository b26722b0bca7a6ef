import type { FastifyInstance } from 'fastify';
import { run } from '../../platform/context.ts';
import { NotAllowed, NotFound } from '../../platform/errors.ts';
import { formPage } from '../../web/form-page.tsx';
import { t } from '../../web/i18n.ts';
import { sendPage, safeNext } from '../../web/render.tsx';
import { addRoute } from '../../web/routing.ts';
import { clearSessionCookie, setSessionCookie } from '../../web/session.ts';
import { A } from './actions.ts';
import { acceptInvitation } from './commands/accept-invitation.ts';
import { invitePerson } from './commands/invite-person.ts';
import { requestPasswordReset } from './commands/request-password-reset.ts';
import { resetPassword } from './commands/reset-password.ts';
import { revokeSession } from './commands/revoke-session.ts';
import { signIn } from './commands/sign-in.ts';
import { canInvite } from './policy.ts';
import { findInvitation, findPasswordReset, listSentInvitations } from './queries.ts';
import { acceptInput, inviteInput, resetInput, resetRequestInput, signInInput } from './validation.ts';
import { ForgotPasswordView, JoinView, NewPasswordView, ResetSentView, SignInView } from './views/auth.tsx';
import { InvitationsView } from './views/invitations.tsx';
import { Invalid } from '../../platform/errors.ts';

/** Signing in and out, joining by invitation, and resetting a password. */
export function registerAuthRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const userAgent = (ua: string | undefined) => ua ?? '';

  formPage(app, {
    url: '/sign-in',
    action: A.signIn,
    title: t('Sign in'),
    summary: 'Sign in',
    body: signInInput,
    view: (req, state) => <SignInView state={state} next={safeNext((req.query as Record<string, unknown>).next)} />,
    submit: async (req, reply, values) => {
      const result = await run(deps, null, signIn, {
        ...values,
        ip: req.ip,
        userAgent: userAgent(req.headers['user-agent']),
      });
      if (!result.ok) throw new Invalid({ email: t('The email address or password is not right') });
      setSessionCookie(app, reply, result.token);
      return reply.redirect(safeNext((req.query as Record<string, unknown>).next), 303);
    },
  });

  addRoute(app, {
    method: 'POST',
    url: '/sign-out',
    action: A.signOut,
    kind: 'page',
    summary: 'Sign out of this device',
    handler: async (req, reply) => {
      if (req.actor?.sessionId) await run(deps, req.actor, revokeSession, { sessionId: req.actor.sessionId });
      clearSessionCookie(app, reply);
      return reply.redirect('/sign-in', 303);
    },
  });

  formPage(app, {
    url: '/forgot-password',
    action: A.resetPassword,
    title: t('Reset your password'),
    summary: 'Ask for a password reset link',
    body: resetRequestInput,
    view: (_req, state) => <ForgotPasswordView state={state} />,
    submit: async (req, reply, values) => {
      await run(deps, null, requestPasswordReset, { ...values, ip: req.ip, baseUrl: app.config.baseUrl });
      return sendPage(req, reply, { title: t('Check your email'), body: <ResetSentView /> });
    },
  });

  formPage(app, {
    url: '/reset-password/:token',
    action: A.resetPassword,
    title: t('Choose a new password'),
    summary: 'Set a new password from a reset link',
    body: resetInput,
    initial: async (req) => {
      const reset = await findPasswordReset(deps.database.db, (req.params as { token: string }).token, deps.clock.now());
      if (!reset) throw new NotFound(t('This reset link has expired or has already been used.'));
      return {};
    },
    view: (req, state) => (
      <NewPasswordView state={state} heading={t('Choose a new password')} action={`/reset-password/${(req.params as { token: string }).token}`} />
    ),
    submit: async (req, reply, values) => {
      const { token } = req.params as { token: string };
      await run(deps, null, resetPassword, { ...values, token });
      return sendPage(req, reply, {
        title: t('Password changed'),
        body: (
          <>
            <h1>{t('Your password has been changed')}</h1>
            <p>{t('For your safety every device has been signed out.')}</p>
            <p>
              <a href="/sign-in">{t('Sign in with your new password')}</a>
            </p>
          </>
        ),
      });
    },
  });

  formPage(app, {
    url: '/join/:token',
    action: A.acceptInvitation,
    title: t('Welcome to Care Circles'),
    summary: 'Accept an invitation and create your account',
    body: acceptInput,
    initial: async (req) => {
      const invitation = await findInvitation(deps.database.db, (req.params as { token: string }).token, deps.clock.now());
      if (!invitation) throw new NotFound(t('This invitation link has expired or has already been used.'));
      return { name: invitation.name };
    },
    view: (req, state) => (
      <JoinView state={state} invitedName={String(state.values.name ?? '')} action={`/join/${(req.params as { token: string }).token}`} />
    ),
    submit: async (req, reply, values) => {
      const { token } = req.params as { token: string };
      const result = await run(deps, null, acceptInvitation, { ...values, token, userAgent: userAgent(req.headers['user-agent']) });
      setSessionCookie(app, reply, result.token);
      return reply.redirect('/me/profile?welcome=1', 303);
    },
  });

  formPage(app, {
    url: '/invitations',
    action: A.invite,
    title: t('Invite someone'),
    summary: 'Invite someone to join',
    body: inviteInput,
    view: async (req, state) => {
      const actor = req.actor;
      if (!actor || !canInvite(actor)) throw new NotAllowed(t('Only people allowed to invite can send invitations.'));
      const sent = await listSentInvitations(deps.database.db, actor.personId);
      return <InvitationsView state={state} sent={sent} now={deps.clock.now()} tz={app.config.timeZone} />;
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, invitePerson, { ...values, baseUrl: app.config.baseUrl });
      return reply.redirect('/invitations?sent=1', 303);
    },
  });
}
