/**
 * The Getting Support Promise: the agreement between the person getting support and the co-op.
 * A new version is a new entry here; each team accepts the version in force before any visit.
 */
export const promiseVersions = [
  {
    version: 1,
    from: '2026-01-01',
    text: [
      'I own my team. I choose who joins it, and nobody joins without my agreement and theirs.',
      'My team and I agree how I am supported, and we write it in my Getting Support Profile.',
      'I choose who sees each part of my profile and my records, and I can see who has looked at them.',
      'The co-op supports my team through its Local Circle and a Team Starter or Coach, and helps when things go wrong.',
      'I and my team treat each other with respect, raise concerns early, and use the co-op\'s conflict support when we need it.',
      'Paid support is paid at the rate I agree with each supporter, with the co-op\'s commons contribution shown on every statement.',
      'Volunteers in my team do not give personal care or handle medication.',
    ],
  },
] as const;

export const currentPromise = promiseVersions[promiseVersions.length - 1] as (typeof promiseVersions)[number];
