import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db.ts';
import { type StakeholderGroup, type SurveyDomain, surveyStatementSets, surveyStatements } from './schema.ts';

/** The co-op's standard statement set: every install has it, with the same ids, so rounds compare. */
export const STANDARD_SET_ID = '5e7a0000-0000-4000-8000-000000000001';
/** The day the standard set was written for the platform, the same in every install. */
const STANDARD_SET_DATE = new Date('2026-12-01T00:00:00Z');
const statementId = (n: number) => `5e7a0000-0000-4000-8001-${String(n).padStart(12, '0')}`;

/**
 * Two statements for each stakeholder group in each domain (DOMAIN.md 8), in plain words, so a
 * person answers six on a phone. A circle may add its own to a copy of these.
 */
const standard: [StakeholderGroup, SurveyDomain, string][] = [
  ['supported', 'growth', 'My team helps me do the things that matter to me.'],
  ['supported', 'growth', 'I am learning or trying new things.'],
  ['supported', 'wellbeing', 'I feel safe and at ease with the people who support me.'],
  ['supported', 'wellbeing', 'I feel I belong in my team and in the co-op.'],
  ['supported', 'systems', 'I have a say in how my support is arranged.'],
  ['supported', 'systems', 'When something goes wrong, it gets sorted out.'],
  ['family', 'growth', 'The support helps my relative live the life they want.'],
  ['family', 'growth', 'I have learned things that help me care well.'],
  ['family', 'wellbeing', 'I feel welcome and listened to by the team.'],
  ['family', 'wellbeing', 'I can take a break when I need one.'],
  ['family', 'systems', 'I know who to ask when something needs to change.'],
  ['family', 'systems', 'I understand the co-op’s decisions and can take part in them.'],
  ['worker', 'growth', 'I am learning and growing in what I do here.'],
  ['worker', 'growth', 'I get the training and peer support I need.'],
  ['worker', 'wellbeing', 'I feel valued by the people I support and work with.'],
  ['worker', 'wellbeing', 'What I do here fits well with the rest of my life.'],
  ['worker', 'systems', 'I have a real say in decisions that affect my work.'],
  ['worker', 'systems', 'The rota, records and tools work well for me.'],
];

/**
 * The standard set, written the first time a command needs it (fixed ids, so this is idempotent).
 * Not in a migration: a restore needs an empty database, and the set is data, not schema.
 */
export async function ensureStandardSet(tx: Tx): Promise<void> {
  const [row] = await tx.select({ id: surveyStatementSets.id }).from(surveyStatementSets).where(eq(surveyStatementSets.id, STANDARD_SET_ID));
  if (row) return;
  await tx.insert(surveyStatementSets).values({ id: STANDARD_SET_ID, circleId: null, name: 'Social climate survey', version: 1, createdAt: STANDARD_SET_DATE }).onConflictDoNothing();
  await tx
    .insert(surveyStatements)
    .values(standard.map(([stakeholderGroup, domain, text], i) => ({ id: statementId(i + 1), setId: STANDARD_SET_ID, position: i + 1, stakeholderGroup, domain, text })))
    .onConflictDoNothing();
}

/** A set's statements in order; the standard set reads the same before it is first written. */
export async function statementsOf(tx: Tx, setId: string) {
  const rows = await tx.select().from(surveyStatements).where(eq(surveyStatements.setId, setId)).orderBy(asc(surveyStatements.position));
  if (rows.length > 0 || setId !== STANDARD_SET_ID) return rows;
  return standard.map(([stakeholderGroup, domain, text], i) => ({ id: statementId(i + 1), setId, position: i + 1, stakeholderGroup, domain, text }));
}
