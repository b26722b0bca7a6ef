import type { EffectKind } from './schema.ts';

/** What each kind of effect does, in words (kept apart from kinds.ts so modules citing a decision import no schemas). */
export const effectLabels: Record<EffectKind, string> = {
  create_circle: 'Create a sub-circle under this circle',
  change_aim: 'Change this circle’s aim',
  change_domain: 'Change this circle’s domain',
  set_silence_policy: 'Set this circle’s silence policy (silence at an online deadline counts as consent, or not)',
  change_setting: 'Change a co-op setting (Members’ Circle only)',
  admit_member: 'Admit an applicant as a member (Members’ Circle only)',
  allow_pool_payments: 'Allow payments from one of this circle’s pools',
  run_survey_round: 'Run a social climate survey round',
};
