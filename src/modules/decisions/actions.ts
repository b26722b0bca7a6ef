import { defineAction } from '../../platform/authz.ts';

export const A = {
  view: defineAction('decisions.view', { audience: 'signed-in', description: 'See a proposal (teams: their people only)' }),
  propose: defineAction('decisions.propose', { audience: 'signed-in', description: 'Bring a proposal (policy: full or learning participant)' }),
  steer: defineAction('decisions.steer', { audience: 'signed-in', description: 'Move a proposal on, amend, close rounds (policy: author or facilitator)' }),
  takePart: defineAction('decisions.take-part', { audience: 'signed-in', description: 'Ask, react, consent or object (policy: circle member; consent: full participant)' }),
} as const;
