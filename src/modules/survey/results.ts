import { and, desc, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { circles } from '../circles/schema.ts';
import { foldSmallGroups } from './folding.ts';
import { type StakeholderGroup, type SurveyDomain, surveyAnswers, surveyDomains, surveyResponses, surveyRounds, surveyStatements } from './schema.ts';
import { statementsOf } from './standard-set.ts';
import { type SurveyRules, fewest, rulesOf } from './rules.ts';
import { type Level, groupLabels, levelOf } from './words.ts';

type Round = typeof surveyRounds.$inferSelect;
type Statement = typeof surveyStatements.$inferSelect;

export interface Score {
  mean: number;
  level: Level;
  /** The change since the last round, when both rounds show this row. */
  change: number | null;
}
export interface ResultRow {
  key: string;
  label: string;
  answers: number;
  domains: Partial<Record<SurveyDomain, Score>>;
}
export interface StatementRow {
  statement: Statement;
  answers: number;
  score: Score;
  comments: string[];
}
export interface Results {
  answers: number;
  /** Nothing is shown when fewer than five people answered in all. */
  shown: boolean;
  overall: ResultRow | null;
  byGroup: ResultRow[];
  byCircle: ResultRow[];
  statements: StatementRow[];
  previous: { id: string; title: string } | null;
  /** The rules the results are read with: those in force when the round closed. */
  rules: SurveyRules;
}

interface Cell { circleId: string; group: StakeholderGroup; responses: number; sums: Map<string, { n: number; total: number }> }

/** Sums per team or circle, group and statement: the only shape the answers are ever read in. */
async function cellsOf(db: Db, roundId: string): Promise<Map<string, Cell>> {
  const counts = await db
    .select({ circleId: surveyResponses.circleId, group: surveyResponses.stakeholderGroup, n: sql<number>`count(*)::int` })
    .from(surveyResponses).where(eq(surveyResponses.roundId, roundId)).groupBy(surveyResponses.circleId, surveyResponses.stakeholderGroup);
  const sums = await db
    .select({ circleId: surveyResponses.circleId, group: surveyResponses.stakeholderGroup, statementId: surveyAnswers.statementId, n: sql<number>`count(*)::int`, total: sql<number>`sum(${surveyAnswers.score})::int` })
    .from(surveyAnswers).innerJoin(surveyResponses, eq(surveyResponses.id, surveyAnswers.responseId))
    .where(eq(surveyResponses.roundId, roundId)).groupBy(surveyResponses.circleId, surveyResponses.stakeholderGroup, surveyAnswers.statementId);
  const cells = new Map<string, Cell>();
  for (const c of counts) cells.set(`${c.circleId}|${c.group}`, { circleId: c.circleId, group: c.group, responses: c.n, sums: new Map() });
  for (const s of sums) cells.get(`${s.circleId}|${s.group}`)?.sums.set(s.statementId, { n: s.n, total: s.total });
  return cells;
}

const meanOf = (cells: Cell[], statementIds: string[]): number | null => {
  let n = 0;
  let total = 0;
  for (const c of cells) for (const id of statementIds) {
    const s = c.sums.get(id);
    if (s) { n += s.n; total += s.total; }
  }
  return n === 0 ? null : total / n;
};

/** A statement's identity across rounds (sets are copied into new versions with new ids). */
const statementKey = (s: Statement) => `${s.stakeholderGroup}|${s.domain}|${s.text}`;

interface Raw { cells: Map<string, Cell>; statements: Statement[]; rules: SurveyRules }

function rowOf(key: string, label: string, cells: Cell[], statements: Statement[], rules: SurveyRules): ResultRow {
  const domains: ResultRow['domains'] = {};
  for (const d of surveyDomains) {
    const mean = meanOf(cells, statements.filter((s) => s.domain === d).map((s) => s.id));
    if (mean !== null) domains[d] = { mean, level: levelOf(mean, rules), change: null };
  }
  return { key, label, answers: cells.reduce((sum, c) => sum + c.responses, 0), domains };
}

/** Rows for one way of cutting the answers, by the rule of five, "others" last when shown. */
function cut(raw: Raw, keyOf: (c: Cell) => string, labelOf: (key: string) => string): ResultRow[] {
  const groups = new Map<string, Cell[]>();
  for (const c of raw.cells.values()) groups.set(keyOf(c), [...(groups.get(keyOf(c)) ?? []), c]);
  const fold = foldSmallGroups([...groups].map(([key, cs]) => ({ key, n: cs.reduce((s, c) => s + c.responses, 0) })), raw.rules.minGroup);
  const rows = fold.shown.map((key) => rowOf(key, labelOf(key), groups.get(key) ?? [], raw.statements, raw.rules)).sort((a, b) => a.label.localeCompare(b.label));
  if (fold.othersShown) rows.push(rowOf('others', `Others (groups of fewer than ${fewest(raw.rules.minGroup)}, together)`, fold.folded.flatMap((k) => groups.get(k) ?? []), raw.statements, raw.rules));
  return rows;
}

async function compute(db: Db, round: Round, nameOf: (circleId: string) => string): Promise<Results> {
  const rules = rulesOf(round);
  const raw: Raw = { cells: await cellsOf(db, round.id), statements: await statementsOf(db, round.setId), rules };
  const all = [...raw.cells.values()];
  const answers = all.reduce((s, c) => s + c.responses, 0);
  if (answers < rules.minGroup) return { answers, shown: false, overall: null, byGroup: [], byCircle: [], statements: [], previous: null, rules };
  const byGroup = cut(raw, (c) => c.group, (k) => groupLabels[k as StakeholderGroup]);
  // A statement is shown only for a group shown on its own: otherwise a small group's scores
  // could be read from its statements, or by subtraction from the overall figures.
  const shownGroups = new Set(byGroup.map((r) => r.key));
  const comments = await db
    .select({ statementId: surveyAnswers.statementId, comment: surveyAnswers.comment })
    .from(surveyAnswers).innerJoin(surveyResponses, eq(surveyResponses.id, surveyAnswers.responseId))
    .where(and(eq(surveyResponses.roundId, round.id), isNotNull(surveyAnswers.comment)))
    .orderBy(surveyAnswers.comment).limit(2000);
  const statements = raw.statements.filter((s) => shownGroups.has(s.stakeholderGroup)).flatMap((s) => {
    const mean = meanOf(all, [s.id]);
    const answered = all.reduce((sum, c) => sum + (c.sums.get(s.id)?.n ?? 0), 0);
    return mean === null ? [] : [{ statement: s, answers: answered, score: { mean, level: levelOf(mean, rules), change: null }, comments: comments.filter((c) => c.statementId === s.id).map((c) => c.comment as string) }];
  });
  return {
    answers, shown: true, previous: null, statements, byGroup, rules,
    overall: rowOf('all', 'Everyone who answered', all, raw.statements, rules),
    byCircle: cut(raw, (c) => c.circleId, nameOf),
  };
}

/**
 * A closed round's results, with the change since the circle's previous closed round for every
 * row both rounds show. `nameOf` names a team or circle as the reader may see it.
 */
export async function roundResults(db: Db, round: Round, nameOf: (circleId: string, name: string, kind: string) => string): Promise<Results> {
  const names = new Map((await db.select({ id: circles.id, name: circles.name, kind: circles.kind }).from(circles).where(sql`${circles.id} IN (SELECT circle_id FROM survey_responses WHERE round_id = ${round.id})`)).map((c) => [c.id, c]));
  const label = (id: string) => nameOf(id, names.get(id)?.name ?? 'A circle that no longer exists', names.get(id)?.kind ?? 'circle');
  const now = await compute(db, round, label);
  const [before] = await db.select().from(surveyRounds)
    .where(and(eq(surveyRounds.circleId, round.circleId), eq(surveyRounds.state, 'closed'), lt(surveyRounds.closesAt, round.closesAt)))
    .orderBy(desc(surveyRounds.closesAt)).limit(1);
  if (!before || !now.shown) return now;
  const then = await compute(db, before, (id) => id);
  const differ = (a: ResultRow | null | undefined, b: ResultRow | null | undefined) => {
    if (!a || !b) return;
    for (const d of surveyDomains) {
      const x = a.domains[d];
      const y = b.domains[d];
      if (x && y) x.change = x.mean - y.mean;
    }
  };
  differ(now.overall, then.overall);
  for (const r of now.byGroup) if (r.key !== 'others') differ(r, then.byGroup.find((x) => x.key === r.key));
  for (const r of now.byCircle) if (r.key !== 'others') differ(r, then.byCircle.find((x) => x.key === r.key));
  for (const s of now.statements) {
    const old = then.statements.find((x) => statementKey(x.statement) === statementKey(s.statement));
    if (old) s.score.change = s.score.mean - old.score.mean;
  }
  return { ...now, previous: { id: before.id, title: before.title } };
}

