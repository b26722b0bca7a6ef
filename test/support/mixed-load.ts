// A co-op's everyday traffic through the JSON API, all at once: proposals taken from draft to a
// consent round, chat messages, care logs added, read (an access-log entry) and confirmed (a
// volunteer's log earns credits), and credit transfers. Every call is written down before it is
// sent, so after a crash the test knows what was acknowledged and what was cut off.
import { randomUUID } from 'node:crypto';
import { createApiToken } from '../../src/modules/people/commands/api-tokens.ts';
import { logTeam } from '../../src/modules/care/logs/test-support.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { run } from '../../src/platform/context.ts';
import type { Database } from '../../src/platform/db.ts';
import { type ApiCall, acknowledged, callApi, get, post, untilServerDies } from './api-load.ts';
import { type Holder, type Sent, earning, gift, ledgerPeople, send } from './ledger-load.ts';

export interface MixedCast {
  ledger: { admin: Holder; holders: Holder[] };
  teamId: string;
  /** Supports the team as a volunteer: logs support, brings proposals, chats. */
  volunteer: Holder;
  /** The team's owner: reads and confirms the volunteer's logs, chats. */
  owner: Holder;
}

/** The people and the team the load runs in, made in-process before the server starts. */
export async function mixedCast(database: Database): Promise<MixedCast> {
  const deps = { database, clock: systemClock };
  const ledger = await ledgerPeople(database, 2, 6000);
  const t = await logTeam(deps);
  const token = async (who: 'volunteer' | 'owner'): Promise<Holder> => ({
    personId: t.cast[who].personId,
    token: (await run(deps, t.actors[who], createApiToken, { label: 'resilience' })).token,
  });
  return { ledger, teamId: t.teamId, volunteer: await token('volunteer'), owner: await token('owner') };
}

/** A sequence of calls that build on each other (a proposal's steps, a log's life). */
export interface Round<T> {
  input: T;
  calls: ApiCall[];
}
export type ProposalInput = { title: string; driver: string; text: string; reviewDate: string };
export type CareInput = { activity: string; startsAt: string; endsAt: string };

export interface Journal {
  transfers: Sent[];
  chats: ApiCall[];
  proposals: Round<ProposalInput>[];
  care: Round<CareInput>[];
}

/** After the draft: each step's call and the state the proposal is in once it is acknowledged. */
export const proposalSteps: { path: string; body: () => Record<string, unknown>; state: string }[] = [
  { path: 'step', body: () => ({ step: 'present' }), state: 'presented' },
  { path: 'step', body: () => ({ step: 'start-clarifying' }), state: 'clarifying' },
  { path: 'questions', body: () => ({ question: `Question ${randomUUID()}` }), state: 'clarifying' },
  { path: 'step', body: () => ({ step: 'start-reactions' }), state: 'reactions' },
  { path: 'consent-round', body: () => ({ mode: 'online', deadline: new Date(Date.now() + 7 * 86_400_000).toISOString() }), state: 'consent_round' },
];

/** Send a call as part of a round: written down first, then sent; false if it was refused. */
async function step(base: string, calls: ApiCall[], c: ApiCall): Promise<boolean> {
  calls.push(c);
  return acknowledged(await callApi(base, c));
}

/**
 * Start the load: workers for each kind of traffic, until the server dies (or maxMs). Care logs
 * take non-overlapping quarter hours counting back from an hour ago, one per round.
 */
export function startMixedLoad(base: string, cast: MixedCast, journal: Journal, maxMs = 60_000): Promise<void>[] {
  const [bea, cal] = cast.ledger.holders as [Holder, Holder];
  const transfer = async () => {
    const r = Math.random();
    const s = r < 0.2 ? earning(cast.ledger.admin, bea) : r < 0.6 ? gift(bea, cal) : gift(cal, bea);
    journal.transfers.push(s);
    await send(base, s);
    return acknowledged(s);
  };
  const chat = (author: Holder) => async () => {
    const c = post(author.token, `/api/v1/circles/${cast.teamId}/chat/messages`, { body: `Chat ${randomUUID()}` });
    journal.chats.push(c);
    return acknowledged(await callApi(base, c));
  };
  const proposal = async () => {
    const input = { title: `Proposal ${randomUUID()}`, driver: 'Load', text: 'Keep going.', reviewDate: '2030-01-01' };
    const round: Round<ProposalInput> = { input, calls: [] };
    journal.proposals.push(round);
    const draft = post(cast.volunteer.token, `/api/v1/circles/${cast.teamId}/proposals`, input);
    if (!(await step(base, round.calls, draft))) return false;
    const id = (draft.json as { proposalId: string }).proposalId;
    for (const s of proposalSteps) if (!(await step(base, round.calls, post(cast.volunteer.token, `/api/v1/proposals/${id}/${s.path}`, s.body())))) return false;
    return true;
  };
  const hourAgo = Math.floor(Date.now() / 900_000) * 900_000 - 3_600_000;
  const care = async () => {
    const start = hourAgo - (journal.care.length + 1) * 900_000;
    const input = { activity: `Care ${randomUUID()}`, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 900_000).toISOString() };
    const round: Round<CareInput> = { input, calls: [] };
    journal.care.push(round);
    const add = post(cast.volunteer.token, `/api/v1/teams/${cast.teamId}/care-logs`, input);
    if (!(await step(base, round.calls, add))) return false;
    const logId = (add.json as { logId: string }).logId;
    return (await step(base, round.calls, get(cast.owner.token, `/api/v1/care-logs/${logId}`))) &&
      step(base, round.calls, post(cast.owner.token, `/api/v1/care-logs/${logId}/confirm`));
  };
  return untilServerDies([transfer, transfer, transfer, chat(cast.volunteer), chat(cast.owner), proposal, proposal, care], maxMs);
}

/** How much of each kind was acknowledged so far. */
export function acknowledgedCounts(j: Journal) {
  const calls = (rounds: Round<unknown>[]) => rounds.flatMap((r) => r.calls).filter(acknowledged).length;
  return { transfers: j.transfers.filter(acknowledged).length, chats: j.chats.filter(acknowledged).length, proposalCalls: calls(j.proposals), careCalls: calls(j.care) };
}

/** Every call that got an answer but not a 2xx: under this load nothing should be refused. */
export function refusals(j: Journal): string[] {
  const all = [...j.transfers, ...j.chats, ...j.proposals.flatMap((r) => r.calls), ...j.care.flatMap((r) => r.calls)];
  return all.filter((c) => c.status !== undefined && !acknowledged(c)).map((c) => `${c.method} ${c.url}: ${c.status} ${JSON.stringify(c.json).slice(0, 200)}`);
}
