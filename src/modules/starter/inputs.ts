import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db.ts';
import { Invalid } from '../../platform/errors.ts';
import { people } from '../people/schema.ts';
import type { Ctx } from '../../platform/context.ts';
import { checkInInput, lockEnquiry, moveInput } from './commands/enquiries.ts';
import { startTeamInput } from './commands/start-team.ts';
import { firstContactRecord } from './records.ts';
import { stageForms } from './views/stage-fields.ts';

// Request bodies as the API documents them. The commands validate; these describe.

export const newEnquiryBody = z.object({ ...firstContactRecord.shape, nextCheckIn: z.iso.date().optional() });
const stageFieldNames = [...new Set(Object.values(stageForms).flatMap((s) => s.fields.map((f) => f.name)))];
/** The fields of whichever stage the enquiry is at (see GET /api/v1/enquiries/:id for the stage). */
export const stageBody = z.object(Object.fromEntries(stageFieldNames.map((n) => [n, z.string().optional()])));
export const moveBody = moveInput;
export const checkInBody = checkInInput;
export const linkBody = z.object({ email: z.string().optional(), personId: z.uuid().optional() });
export const startTeamBody = startTeamInput.extend({ advocateEmail: z.string().optional() });

/** The person with this email, for forms that name people by the address they signed in with. */
export async function personIdByEmail(db: Db, field: string, address: unknown, required: boolean): Promise<string | undefined> {
  const value = typeof address === 'string' ? address.trim().toLowerCase() : '';
  if (!value) {
    if (required) throw new Invalid({ [field]: 'Enter their email address' });
    return undefined;
  }
  const [p] = await db.select({ id: people.id }).from(people).where(eq(sql`lower(${people.email})`, value));
  if (!p) throw new Invalid({ [field]: 'Nobody in the co-op has this email address yet: invite them first' });
  return p.id;
}

type EnquiryCommand<O> = (ctx: Ctx, input: Record<string, unknown> & { enquiryId: string }) => Promise<O>;

/**
 * Page forms and the API may name people by email where the commands take ids. The enquiry is
 * checked first, so nobody learns whether an address is in the co-op from an enquiry they cannot run.
 */
export function withPeople<O>(command: EnquiryCommand<O>): EnquiryCommand<O> {
  return async (ctx, input) => {
    await lockEnquiry(ctx, input.enquiryId);
    const named = { ...input };
    if (!named.personId && 'email' in named) named.personId = await personIdByEmail(ctx.tx, 'email', named.email, true);
    if (!named.advocateId && 'advocateEmail' in named) named.advocateId = await personIdByEmail(ctx.tx, 'advocateEmail', named.advocateEmail, false);
    return command(ctx, named);
  };
}
