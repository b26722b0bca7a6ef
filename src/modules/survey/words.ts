import type { StakeholderGroup, SurveyDomain } from './schema.ts';

export const groupLabels: Record<StakeholderGroup, string> = {
  supported: 'People getting support',
  family: 'Families',
  worker: 'Workers and volunteers',
};

export const domainLabels: Record<SurveyDomain, string> = {
  growth: 'Growth',
  wellbeing: 'Well-being, relationships and belonging',
  systems: 'Systems maintenance and co-production',
};

/** The domains in one word, where space is short (the charts). */
export const domainShort: Record<SurveyDomain, string> = { growth: 'Growth', wellbeing: 'Well-being', systems: 'Systems' };

/** The answer scale, 1 to 5, in plain words (how true the statement is for the person). */
export const scaleLabels = ['Not true at all', 'Mostly not true', 'Partly true', 'Mostly true', 'Completely true'] as const;

export type Level = 'low' | 'medium' | 'high';

/**
 * Low, medium or high (DOMAIN.md 8): under the low cut-off is low, from the high one is high.
 * The cut-offs are co-op settings, recorded on each round as it closes (survey/rules.ts, ADR 0030).
 */
export const levelOf = (mean: number, cuts: { lowBelow: number; highFrom: number }): Level => (mean < cuts.lowBelow ? 'low' : mean >= cuts.highFrom ? 'high' : 'medium');

/** The fewest answers a group may have to be shown on its own: the co-op may ask for more, never fewer (issue 22; ADR 0026, 0030). */
export const MIN_GROUP = 5;
