import type { Database } from '../../platform/db.ts';
import { type ReadMark, writeReadMarks } from './commands/mark-read.ts';

const later = (a: ReadMark['upTo'], b: ReadMark['upTo']) => a.at.getTime() > b.at.getTime() || (a.at.getTime() === b.at.getTime() && a.id > b.id);

/**
 * An open chat page has seen what arrives on it, so each live delivery moves its reader's read
 * mark. With a thousand pages open, a transaction per delivery is a thousand per message: they
 * took the pool the next message's delivery needed, and delivery fell seconds behind. So marks
 * wait here and are written together, one statement for all of a message's readers on this
 * instance, one write in flight at a time, keeping the latest mark per reader and channel.
 */
export class ReadMarkWriter {
  private readonly pending = new Map<string, ReadMark>();
  private writing: Promise<void> = Promise.resolve();
  private queued = false;

  constructor(
    private readonly database: Database,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(mark: ReadMark): void {
    const key = `${mark.circleId}:${mark.personId}`;
    const held = this.pending.get(key);
    if (!held || later(mark.upTo, held.upTo)) this.pending.set(key, mark);
    if (this.queued) return;
    this.queued = true;
    // Queued behind the write in flight; a whole delivery loop adds its marks before this runs.
    this.writing = this.writing.then(async () => {
      this.queued = false;
      // In key order, so two instances' batches lock rows in the same order and cannot deadlock.
      const marks = [...this.pending.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, mark]) => mark);
      this.pending.clear();
      await this.database.db.transaction((tx) => writeReadMarks(tx, marks));
    }).catch(this.onError);
  }

  /** Resolves when every mark added so far is written (or has failed and been reported). */
  flushed(): Promise<void> {
    return this.writing;
  }
}
