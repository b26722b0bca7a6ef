import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db.ts';
import { circles } from '../../circles/schema.ts';
import { formatCredits } from '../../credits/amounts.ts';
import { paidUnder } from '../../credits/pools.ts';
import { creditAccounts } from '../../credits/schema.ts';
import { memberships } from '../../membership/schema.ts';
import { people } from '../../people/schema.ts';
import { type SurveyRoundParams, surveyRoundChoices, surveyRoundTerms } from '../../survey/mandate.ts';
import type { PoolParams } from './kinds.ts';
import { effectLabels } from './labels.ts';
import { type MandateEffect, mandateEffects } from './schema.ts';

export interface EffectView {
  effect: MandateEffect;
  label: string;
  /** The effect's terms in words, one per line. */
  terms: string[];
  /** Where it stands: applied, available with how much is used, used up. */
  standing: string | null;
  /** What it made, when that has a page (the new circle). */
  link: { href: string; text: string } | null;
}

const recipientWords = { named: 'only the people named', circle: 'members of the pool’s circle', members: 'members of the co-op' } as const;

/** The effects of a proposal version, or of an adopted decision, in words with names and use. */
export async function mandateView(db: Db, where: { proposalId: string; version: number } | { entryId: string }): Promise<EffectView[]> {
  const effects = await db
    .select()
    .from(mandateEffects)
    .where('entryId' in where ? eq(mandateEffects.logbookEntryId, where.entryId) : and(eq(mandateEffects.proposalId, where.proposalId), eq(mandateEffects.version, where.version)))
    .orderBy(asc(mandateEffects.position));
  if (effects.length === 0) return [];
  const personIds = new Set<string>();
  for (const e of effects.filter((x) => x.kind === 'allow_pool_payments')) {
    const p = e.params as PoolParams;
    for (const id of [...p.recipientIds, ...p.payerIds]) personIds.add(id);
  }
  const membershipIds = effects.filter((e) => e.kind === 'admit_member').map((e) => String(e.params.membershipId));
  const applicants = membershipIds.length
    ? await db.select({ id: memberships.id, memberClass: memberships.memberClass, name: people.name }).from(memberships).innerJoin(people, eq(people.id, memberships.personId)).where(inArray(memberships.id, membershipIds))
    : [];
  const names = personIds.size ? new Map((await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, [...personIds]))).map((r) => [r.id, r.name])) : new Map<string, string>();
  const nameList = (ids: string[]) => ids.map((id) => names.get(id) ?? 'someone who has left').join(', ');
  const views: EffectView[] = [];
  for (const effect of effects) {
    const p = effect.params;
    let terms: string[] = [];
    let standing: string | null = { proposed: null, applied: 'Applied on adoption', available: 'Available', used_up: 'Used up' }[effect.status];
    let link: EffectView['link'] = null;
    switch (effect.kind) {
      case 'create_circle': {
        terms = [`Name: ${String(p.name)}`, `Aim: ${String(p.aim)}`, `Domain: ${String(p.domain)}`];
        const made = typeof effect.result?.circleId === 'string' ? effect.result.circleId : null;
        if (made) link = { href: `/circles/${made}`, text: `The circle ${String(p.name)}` };
        break;
      }
      case 'change_aim':
        terms = [`New aim: ${String(p.aim)}`];
        break;
      case 'change_domain':
        terms = [`New domain: ${String(p.domain)}`];
        break;
      case 'set_silence_policy':
        terms = [p.silenceIsConsent ? 'Silence at an online deadline counts as consent' : 'Silence at an online deadline does not count as consent'];
        break;
      case 'change_setting':
        terms = [`${String(p.key)} becomes ${String(p.value)}`];
        break;
      case 'admit_member': {
        const a = applicants.find((x) => x.id === p.membershipId);
        terms = [a ? `${a.name}, as a ${a.memberClass} member` : 'An application that no longer exists'];
        break;
      }
      case 'allow_pool_payments': {
        const pp = p as PoolParams;
        const [pool] = await db.select({ name: creditAccounts.name }).from(creditAccounts).where(eq(creditAccounts.id, pp.poolId));
        terms = [
          `From: ${pool?.name ?? 'a pool that no longer exists'}`,
          `For: ${pp.purpose}`,
          `To: ${recipientWords[pp.recipients]}${pp.recipientIds.length ? `; named: ${nameList(pp.recipientIds)}` : ''}`,
          `At most ${formatCredits(pp.perPaymentLimit)} in one payment, ${formatCredits(pp.totalLimit)} in all`,
          `Paid out by: ${[pp.payerRole ? `the ${pp.payerRole.replace('-', ' ')}` : '', pp.payerIds.length ? nameList(pp.payerIds) : ''].filter(Boolean).join(' or ') || 'any full participant of the circle'}`,
        ];
        link = { href: `/credits/pools/${pp.poolId}`, text: pool?.name ?? 'The pool' };
        if (effect.logbookEntryId) {
          const paid = await paidUnder(db, pp.poolId, effect.logbookEntryId);
          standing = `${formatCredits(paid)} of ${formatCredits(pp.totalLimit)} used${paid >= pp.totalLimit ? ' (used up)' : ''}`;
        }
        break;
      }
      case 'run_survey_round':
        terms = await surveyRoundTerms(db, p as SurveyRoundParams);
        if (typeof effect.result?.roundId === 'string') link = { href: `/survey/rounds/${effect.result.roundId}`, text: 'The survey round' };
        break;
    }
    views.push({ effect, label: effectLabels[effect.kind], terms, standing, link });
  }
  return views;
}

/** Choices for the effect form: this circle's pools, waiting applications, people around it. */
export async function effectFormChoices(db: Db, circleId: string) {
  const pools = await db.select({ value: creditAccounts.id, label: creditAccounts.name }).from(creditAccounts).where(and(eq(creditAccounts.kind, 'pool'), eq(creditAccounts.circleId, circleId)));
  const applications = await db
    .select({ value: memberships.id, name: people.name, memberClass: memberships.memberClass })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(eq(memberships.state, 'applied'))
    .limit(200);
  const [circle] = await db.select({ kind: circles.kind }).from(circles).where(eq(circles.id, circleId));
  const survey = await surveyRoundChoices(db, circleId);
  return { pools, applications: applications.map((a) => ({ value: a.value, label: `${a.name} (${a.memberClass})` })), isTeam: circle?.kind === 'team', surveySets: survey.sets, surveyPlaces: survey.places };
}
