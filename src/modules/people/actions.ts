import { defineAction } from '../../platform/authz.ts';

// Every route in this module names one of these actions.
export const A = {
  signIn: defineAction('people.sign-in', { audience: 'signed-out', description: 'Sign in with email and password' }),
  signOut: defineAction('people.sign-out', { audience: 'signed-in', description: 'Sign out of this device' }),
  resetPassword: defineAction('people.reset-password', { audience: 'signed-out', description: 'Ask for and use a password reset link' }),
  acceptInvitation: defineAction('people.accept-invitation', { audience: 'signed-out', description: 'Join by invitation link' }),
  viewHome: defineAction('people.home', { audience: 'signed-in', description: 'See your home page' }),
  viewSelf: defineAction('people.self.view', { audience: 'signed-in', description: 'See your own profile, devices, tokens and hats' }),
  editSelf: defineAction('people.self.edit', { audience: 'signed-in', description: 'Change your own profile, devices and tokens' }),
  invite: defineAction('people.invite', { audience: 'signed-in', description: 'Invite someone (policy: canInvite)' }),
} as const;
