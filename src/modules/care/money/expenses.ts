import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAccess } from '../../../platform/access-log.ts';
import type { Actor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { people } from '../../people/schema.ts';
import { type CareFacts, isOwnerSide, isPaidWorker } from '../policy.ts';
import { careExpenses, careLogs } from '../schema.ts';
import { EXPENSE_RANGE } from './amounts.ts';
import { assertStep, expenseSteps } from './machine.ts';
import { moneyFacts, poundsField } from './rates.ts';

export const MAX_RECEIPT_BYTES = 2 * 1024 * 1024;

/** A receipt as it arrived: from a file input (multipart) or base64 in the JSON API. */
export interface Upload {
  filename: string;
  data: Buffer;
  /** More than the limit was sent: the stored part was cut short, so it is refused. */
  truncated: boolean;
}

// The type is read from the file's first bytes, never from what the browser claims, so a
// script named receipt.png is refused and what is served back is what was checked.
const signatures: { type: string; ext: string; bytes: number[] }[] = [
  { type: 'image/png', ext: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', ext: 'jpg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'application/pdf', ext: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];
export const receiptType = (data: Buffer) => signatures.find((s) => s.bytes.every((b, i) => data[i] === b)) ?? null;

const isUpload = (v: unknown): v is Upload => !!v && typeof v === 'object' && Buffer.isBuffer((v as Upload).data);

const claimInput = z.object({
  incurredOn: z.iso.date('Enter the date as day, month and year, like 2026-11-23'),
  amount: poundsField(EXPENSE_RANGE),
  description: z.string({ message: 'Say what the expense was for' }).trim().min(1, 'Say what the expense was for').max(500, 'Use 500 characters or fewer'),
  careLogId: z.union([z.uuid('Choose one of your care logs'), z.literal('')]).optional().transform((v) => v || null),
});

/** A paid worker claims an expense with its receipt; the owner's side then approves or rejects it. */
/** Who may claim an expense (the form page asks the same): a paid worker in the team. */
export function assertMayClaim(f: CareFacts, personId: string): void {
  if (!isPaidWorker(f, personId)) throw new NotAllowed('Only a paid worker in the team claims expenses.');
}

export async function claimExpense(ctx: Ctx, raw: Record<string, unknown> & { teamId: string; receipt?: unknown }): Promise<{ expenseId: string }> {
  const { f, actor } = await moneyFacts(ctx, raw.teamId);
  assertMayClaim(f, actor.personId);
  const errors: Record<string, string> = {};
  let v: z.infer<typeof claimInput> | null = null;
  try {
    v = parseInput(claimInput, raw);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    Object.assign(errors, error.fields);
  }
  // Reported with the other fields, so the form says everything that needs fixing at once.
  const receipt = raw.receipt;
  const kind = isUpload(receipt) ? receiptType(receipt.data) : null;
  if (!isUpload(receipt) || receipt.data.length === 0) errors.receipt = 'Attach the receipt: a photo (JPEG or PNG) or a PDF';
  else if (receipt.truncated || receipt.data.length > MAX_RECEIPT_BYTES) errors.receipt = 'The receipt must be 2 MB or smaller';
  else if (!kind) errors.receipt = 'The receipt must be a photo (JPEG or PNG) or a PDF';
  if (v && v.incurredOn > new Date(ctx.now.getTime() + 86_400_000).toISOString().slice(0, 10)) errors.incurredOn = 'The date cannot be in the future';
  if (v?.careLogId) {
    const [log] = await ctx.tx.select({ id: careLogs.id }).from(careLogs).where(and(eq(careLogs.id, v.careLogId), eq(careLogs.teamId, f.team.id), eq(careLogs.supporterId, actor.personId)));
    if (!log) errors.careLogId = 'Choose one of your care logs in this team';
  }
  if (Object.keys(errors).length || !v || !kind || !isUpload(receipt)) throw new Invalid(errors);
  const base = receipt.filename.replace(/^.*[\\/]/, '').replace(/[^\w.\- ]/g, '').replace(/\.[^.]*$/, '').slice(0, 80) || 'receipt';
  const expenseId = newId();
  await ctx.tx.insert(careExpenses).values({
    id: expenseId, teamId: f.team.id, workerId: actor.personId, careLogId: v.careLogId, incurredOn: v.incurredOn, amountPence: v.amount,
    description: v.description, receipt: receipt.data, receiptType: kind.type, receiptName: `${base}.${kind.ext}`, state: 'submitted', createdAt: ctx.now,
  });
  await ctx.emit({ type: 'care.expense-claimed', subjectType: 'care_expense', subjectId: expenseId, data: { teamId: f.team.id, amountPence: v.amount } });
  await notify(ctx.tx, ctx.now, [f.team.ownerId, ...(f.advocateId ? [f.advocateId] : [])], { text: `${actor.name} claimed an expense in ${f.team.name}: please approve or reject it.`, href: `/money/expenses/${expenseId}` });
  return { expenseId };
}

export const decideInput = z.object({
  decision: z.enum(['approve', 'reject'], { message: 'Choose approve or reject' }),
  note: z.string().trim().max(1000, 'Use 1000 characters or fewer').optional().default(''),
});

type ExpenseRow = Omit<typeof careExpenses.$inferSelect, 'receipt'>;
// Lists and checks never read the receipt's bytes; only the download does.
const { receipt: _receipt, ...withoutReceipt } = getTableColumns(careExpenses);

async function loadExpense(ctx: Ctx, expenseId: unknown): Promise<{ expense: ExpenseRow; f: CareFacts; actor: Actor; ownerSide: boolean }> {
  const [expense] = isUuid(expenseId) ? await ctx.tx.select(withoutReceipt).from(careExpenses).where(eq(careExpenses.id, expenseId)) : [];
  if (!expense) throw new NotFound('That expense was not found.');
  const { f, actor } = await moneyFacts(ctx, expense.teamId);
  const ownerSide = isOwnerSide(actor, f);
  if (!ownerSide && actor.personId !== expense.workerId) throw new NotAllowed("Only the worker and the owner's side see an expense.");
  return { expense, f, actor, ownerSide };
}

/** The owner's side approves an expense (then statements count it) or rejects it with a note. */
export async function decideExpense(ctx: Ctx, raw: Record<string, unknown> & { expenseId: unknown }): Promise<{ expenseId: string; state: string }> {
  const { expense, f, actor, ownerSide } = await loadExpense(ctx, raw.expenseId);
  if (!ownerSide) throw new NotAllowed("The owner's side approves or rejects expenses.");
  const v = parseInput(decideInput, raw);
  if (v.decision === 'reject' && !v.note) throw new Invalid({ note: 'Say why the expense is rejected' });
  const to = assertStep(expenseSteps, v.decision, expense.state, 'expense');
  // Only a still-submitted expense changes: two decisions at once leave the first.
  const done = await ctx.tx.update(careExpenses).set({ state: to, decidedBy: actor.personId, decidedAt: ctx.now, decisionNote: v.note || null })
    .where(and(eq(careExpenses.id, expense.id), eq(careExpenses.state, 'submitted'))).returning({ id: careExpenses.id });
  if (done.length === 0) throw new Conflict('That expense has already been decided.');
  await ctx.emit({ type: `care.expense-${to}`, subjectType: 'care_expense', subjectId: expense.id, data: { teamId: f.team.id } });
  await notify(ctx.tx, ctx.now, [expense.workerId], { text: `Your expense in ${f.team.name} was ${to}.`, href: `/money/expenses/${expense.id}` });
  return { expenseId: expense.id, state: to };
}

export interface ExpenseView extends ExpenseRow {
  workerName: string;
  hasReceipt: boolean;
}

/** One expense for its page: the worker or the owner's side only. */
export async function readExpense(ctx: Ctx, raw: { expenseId: unknown }): Promise<{ expense: ExpenseView; f: CareFacts; ownerSide: boolean }> {
  const { expense, f, ownerSide } = await loadExpense(ctx, raw.expenseId);
  const [worker] = await ctx.tx.select({ name: people.name }).from(people).where(eq(people.id, expense.workerId));
  return { expense: { ...expense, workerName: worker?.name ?? '', hasReceipt: !!expense.receiptType }, f, ownerSide };
}

/** The receipt file, for the worker and the owner's side; each download is logged. */
export async function readReceipt(ctx: Ctx, raw: { expenseId: unknown }): Promise<{ data: Buffer; type: string; name: string }> {
  const { expense, f, actor } = await loadExpense(ctx, raw.expenseId);
  const [row] = await ctx.tx.select({ receipt: careExpenses.receipt }).from(careExpenses).where(eq(careExpenses.id, expense.id));
  if (!row?.receipt || !expense.receiptType) throw new NotFound('That expense has no receipt.');
  await recordAccess(ctx.tx, ctx.now, { actorId: actor.personId, recordType: 'expense-receipt', recordId: expense.id, ownerId: f.team.ownerId, reason: actor.personId === expense.workerId ? 'the worker who claimed it' : "the owner's side deciding it" });
  return { data: row.receipt, type: expense.receiptType, name: expense.receiptName ?? 'receipt' };
}

/** Expenses a person may see in a team: all for the owner's side (waiting ones first), their own for a worker. */
export async function teamExpenses(db: Db, f: CareFacts, actor: Actor): Promise<ExpenseView[]> {
  const mine = isOwnerSide(actor, f) ? undefined : eq(careExpenses.workerId, actor.personId);
  const rows = await db
    .select({ ...withoutReceipt, workerName: people.name, hasReceipt: sql<boolean>`${careExpenses.receiptType} IS NOT NULL` })
    .from(careExpenses)
    .innerJoin(people, eq(people.id, careExpenses.workerId))
    .where(and(eq(careExpenses.teamId, f.team.id), mine))
    .orderBy(sql`${careExpenses.state} = 'submitted' DESC`, desc(careExpenses.incurredOn), desc(careExpenses.createdAt))
    .limit(100);
  return rows;
}
