/** The hats a team usually names at its first meeting (DOMAIN.md 4.1, stage 7), each with the role that gives its rights. */
export const standardTeamHats = [
  { name: 'Rota Holder', role: 'rota-holder', purpose: 'Keeps the rota full and fair, a week ahead.', responsibilities: ['Publishes the rota', 'Finds cover for gaps', 'Tells the team about changes'] },
  { name: 'Profile Holder', role: 'profile-holder', purpose: "Keeps the owner's Getting Support Profile current, with the owner.", responsibilities: ['Reviews the profile with the owner', 'Tells the team what changed'] },
  { name: 'MAR Holder', role: 'mar-holder', purpose: 'Keeps the medication administration record right. Never a volunteer.', responsibilities: ['Checks the MAR chart', 'Raises medication concerns'] },
  { name: 'Team Chat Admin', role: 'team-chat-admin', purpose: 'Keeps the team chat kind, useful and private.', responsibilities: ['Welcomes new members in the chat', 'Keeps personal details out of the chat'] },
  { name: 'Check-in Facilitator', role: 'check-in-facilitator', purpose: "Runs the team's regular check-ins.", responsibilities: ['Schedules check-ins', 'Facilitates rounds', 'Records what the team agrees'] },
  { name: 'Safeguarding Lead', role: 'safeguarding-lead', purpose: 'Makes sure concerns are heard and acted on.', responsibilities: ['Receives concerns', 'Makes referrals with the Local Circle'] },
  { name: 'Support Coordinator', role: 'support-coordinator', purpose: 'Coordinates support with professionals and the family.', responsibilities: ['Keeps in touch with professionals', 'Coordinates appointments'] },
  { name: 'Membership Holder', role: 'membership-holder', purpose: 'Welcomes new members with the owner: invitations, trials and welcomes.', responsibilities: ['Sends invitations the owner agrees', 'Arranges trials and debriefs'] },
] as const;

/** Before the Team Starter steps back these must be held. */
export const essentialHats = ['Rota Holder', 'Profile Holder', 'Check-in Facilitator'] as const;

/**
 * Volunteers do no personal care and handle no medication (DOMAIN.md 4): a hat whose name,
 * purpose or responsibilities speak of either is refused to them.
 */
export const isCareHat = (hat: { name: string; purpose: string; responsibilities: string[] }): boolean =>
  /personal care|medication|medicine|\bMAR\b/i.test([hat.name, hat.purpose, ...hat.responsibilities].join(' '));
