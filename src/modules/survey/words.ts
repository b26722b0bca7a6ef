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
 * Low, medium or high (DOMAIN.md 8), ours: the 1 to 5 scale cut in three equal parts, so an
 * average under 2⅓ is low and from 3⅔ is high.
 */
export const levelOf = (mean: number): Level => (mean < 7 / 3 ? 'low' : mean >= 11 / 3 ? 'high' : 'medium');

/** The fewest answers a group may have to be shown on its own (ours; ADR 0026). */
export const MIN_GROUP = 5;
