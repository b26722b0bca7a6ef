// One team's care-log chain (ADR 0011), written as the logs are generated: versions wait in a
// small heap and leave it in time order, each numbered and hashed onto the one before exactly
// as saveCareLog does. Only the last few days' versions are ever held, so a team with tens of
// thousands of logs costs no more memory (or garbage collection) than a small one.
import { logContent, versionHash } from '../../src/modules/care/logs/chain.ts';
import { GENESIS } from '../../src/platform/access-log.ts';
import { type Loader, iso } from './bulk.ts';
import type { Version } from './care-life.ts';

const logFields = [
  'id', 'teamId', 'visitId', 'supporterId', 'kind', 'startsAt', 'endsAt', 'minutes', 'activity', 'state', 'correctsId', 'supporterConfirmedAt', 'ownerConfirmedAt',
  'ownerConfirmedBy', 'adjustedBy', 'adjustReason', 'disputedBy', 'disputeReason', 'resolvedBy', 'resolution', 'createdBy', 'createdAt', 'updatedAt',
] as const;
const snake = (c: string) => c.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`);
export const logSpec = { table: 'care_logs', columns: [...logFields.map(snake), 'hash'] };
export const versionSpec = { table: 'care_log_versions', columns: ['team_id', 'seq', 'log_id', 'at', 'actor_id', 'content', 'prev_hash', 'hash'] };

interface Pending {
  at: number;
  log: number;
  v: Version;
  last: boolean;
}

const before = (a: Pending, b: Pending) => a.at < b.at || (a.at === b.at && a.log < b.log);

export class TeamChain {
  private readonly heap: Pending[] = [];
  private seq = 0;
  private prevHash = GENESIS;
  /** Versions already chained whose log row is not written yet (the foreign key wants the log first). */
  private readonly held = new Map<number, unknown[][]>();

  constructor(
    private readonly teamId: string,
    private readonly logs: Loader,
    private readonly versions: Loader,
  ) {}

  /** A log's whole life; its versions are chained when their time comes. */
  add(log: number, lived: Version[]): void {
    lived.forEach((v, i) => this.push({ at: v.at, log, v, last: i === lived.length - 1 }));
  }

  /** Chain every version earlier than this time (no log still to come has one). */
  async until(time: number): Promise<void> {
    while (this.heap.length > 0 && (this.heap[0] as Pending).at < time) await this.chain(this.pop());
  }

  async finish(): Promise<void> {
    await this.until(Infinity);
  }

  private async chain(p: Pending): Promise<void> {
    const content = logContent(p.v.row);
    const seq = ++this.seq;
    const hash = versionHash({ teamId: this.teamId, seq, logId: p.v.row.id, at: new Date(p.at), actorId: p.v.actor, content, prevHash: this.prevHash });
    const rows = this.held.get(p.log) ?? [];
    rows.push([this.teamId, seq, p.v.row.id, iso(p.at), p.v.actor, content, this.prevHash, hash]);
    this.prevHash = hash;
    if (!p.last) {
      this.held.set(p.log, rows);
      return;
    }
    // The log row is its latest version's content, with that version's hash.
    this.held.delete(p.log);
    if (this.logs.add(...logFields.map((f) => content[f] ?? null), hash)) await this.logs.room();
    for (const row of rows) if (this.versions.add(...row)) await this.versions.room();
  }

  private push(p: Pending): void {
    const h = this.heap;
    h.push(p);
    for (let i = h.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (!before(h[i] as Pending, h[up] as Pending)) break;
      [h[i], h[up]] = [h[up] as Pending, h[i] as Pending];
      i = up;
    }
  }

  private pop(): Pending {
    const h = this.heap;
    const top = h[0] as Pending;
    const last = h.pop() as Pending;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l] as Pending, h[m] as Pending)) m = l;
        if (r < h.length && before(h[r] as Pending, h[m] as Pending)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Pending, h[i] as Pending];
        i = m;
      }
    }
    return top;
  }
}
