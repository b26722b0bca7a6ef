import { defineAction } from '../../platform/authz.ts';

// Every route in this module names one of these actions.
export const A = {
  ownProfile: defineAction('matching.profile.own', { audience: 'signed-in', description: 'See and change your own Giving Support Profile' }),
  viewProfile: defineAction('matching.profile.view', { audience: 'signed-in', description: "Read someone's Giving Support Profile (policy: open to new teams, or you share a circle)" }),
  search: defineAction('matching.search', { audience: 'signed-in', description: 'Search Giving Support Profiles (policy: Team Starters, Coaches, admins; owners for their own team)' }),
  team: defineAction('matching.team', { audience: 'signed-in', description: "A team's call-outs, shortlist and introductions (policy: owner's side, Team Starter or Coach; consent is the owner's)" }),
  callOuts: defineAction('matching.call-outs', { audience: 'signed-in', description: 'See open call-outs near you and say you are interested (policy: your profile is open to new teams and in range)' }),
} as const;
