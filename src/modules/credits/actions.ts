import { defineAction } from '../../platform/authz.ts';

// Every route in this module names one of these actions.
export const A = {
  view: defineAction('credits.view', { audience: 'signed-in', description: 'See your credits, statements, pools and the co-op’s credit flows' }),
  transfer: defineAction('credits.transfer', { audience: 'signed-in', description: 'Give, donate or spend your credits, reverse what you received, choose auto-donate' }),
  runPool: defineAction('credits.pools.run', { audience: 'signed-in', description: 'Open a pool, record what it may pay for, pay out of it (policy: full participant of its circle)' }),
  issue: defineAction('credits.issue', { audience: 'admin', description: 'Record credits earned by volunteering a circle has confirmed' }),
} as const;
