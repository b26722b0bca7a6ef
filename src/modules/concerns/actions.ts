import { defineAction } from '../../platform/authz.ts';

// Every route in this module names one of these; the finer rules are in policy.ts.
export const A = {
  view: defineAction('concerns.view', { audience: 'signed-in', description: 'See the concerns and conflict support you may see (policy.ts: not found otherwise, admins included); every read is logged' }),
  raise: defineAction('concerns.raise', { audience: 'signed-in', description: 'Raise a concern or ask for conflict support for a team (policy: in the team, or wearing a support hat for it)' }),
  handle: defineAction('concerns.handle', { audience: 'signed-in', description: "Move a concern on, record its referral, let someone see it (policy: the team's Safeguarding Lead, the Local Circle's Team Starter or Coach)" }),
  conflictStep: defineAction('conflicts.step', { audience: 'signed-in', description: 'Move conflict support up a step or record it resolved (policy: those who may see it)' }),
} as const;
