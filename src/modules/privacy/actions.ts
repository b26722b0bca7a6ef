import { defineAction } from '../../platform/authz.ts';

// Every route in this module names one of these actions.
export const A = {
  exportData: defineAction('privacy.export', { audience: 'signed-in', description: 'Ask for, follow and download an export of everything the co-op holds about you (or the owner you are advocate for)' }),
} as const;
