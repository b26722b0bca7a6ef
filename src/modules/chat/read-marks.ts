import type { Database } from '../../platform/db.ts';
import { type ReadMark, writeReadMarks } from './commands/mark-read.ts';

/** At most one read-mark write a second per instance: a mark a second late shows nowhere. */
export const READ_MARK_GAP_MS = 1000;

const later = (a: ReadMark['upTo'], b: ReadMark['upTo']) => a.at.getTime() > b.at.getTime() || (a.at.getTime() === b.at.getTime() && a.id > b.id);

/**
 * An open chat page has seen what arrives on it, so each live delivery moves its reader's read
 * mark. With a thousand pages open, a transaction per delivery is a thousand per message: they
 * took the pool the next message's delivery needed, and delivery fell seconds behind. So marks
 * wait here and are written together: one statement for all the readers on this instance, at
 * most one a second and one at a time, keeping the latest mark per reader and channel.
 */
export class ReadMarkWriter {
  private readonly pending = new Map<string, ReadMark>();
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private lastWrite = -Infinity;

  constructor(
    private readonly database: Database,
    private readonly onError: (error: unknown) => void,
    private readonly gapMs = READ_MARK_GAP_MS,
  ) {}

  add(mark: ReadMark): void {
    const key = `${mark.circleId}:${mark.personId}`;
    const held = this.pending.get(key);
    if (!held || later(mark.upTo, held.upTo)) this.pending.set(key, mark);
    if (this.timer) return;
    // A timer, even of 0 ms, runs after the delivery loop that is adding marks has finished.
    const wait = Math.max(0, this.lastWrite + this.gapMs - performance.now());
    this.timer = setTimeout(() => void this.flush(), wait).unref();
  }

  /** Write what is pending now, after any write in flight; resolves when it is written (or reported). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(async () => {
      // In key order, so two instances' batches lock rows in the same order and cannot deadlock.
      const marks = [...this.pending.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, mark]) => mark);
      this.pending.clear();
      if (marks.length === 0) return;
      this.lastWrite = performance.now();
      await this.database.db.transaction((tx) => writeReadMarks(tx, marks));
    }).catch(this.onError);
    return this.writing;
  }
}
