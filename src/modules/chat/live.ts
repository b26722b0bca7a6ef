import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { type Listener, listenChannel } from '../../platform/pubsub.ts';
import { getCircle } from '../circles/queries.ts';
import { CHAT_CHANNEL, parseNotification } from './messages.ts';
import type { ReadMark } from './commands/mark-read.ts';
import { channelMemberIds } from './policy.ts';
import { type ChatMessage, getMessage } from './queries.ts';
import { ReadMarkWriter } from './read-marks.ts';

/** A comment line every so often keeps proxies from closing a quiet stream, and re-checks membership. */
export const HEARTBEAT_MS = 25_000;

/** One open chat page on this instance: whose it is, and how to reach or end it. */
export interface StreamSubscriber {
  personId: string;
  deliver(message: ChatMessage): void;
  /** The heartbeat: the person is still in the channel; keep the connection alive. */
  ping(): void;
  /** The person is no longer in the channel (or the server is stopping): end the stream. */
  end(): void;
}

/**
 * This instance's side of the live chat. It listens once on the chat channel; for each new
 * message it loads the message and the channel's members ONCE, then delivers to each local
 * subscriber who is still a member and ends the stream of anyone who is not. So leaving a
 * circle stops an open page at the next message, at the latest (the "X left" system message
 * is itself that next message).
 */
export class ChatHub {
  private readonly byCircle = new Map<string, Set<StreamSubscriber>>();
  // Deliveries are made one at a time so messages reach pages in commit order.
  private queue: Promise<void> = Promise.resolve();

  private readonly readMarks: ReadMarkWriter;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
    private readonly heartbeatMs = HEARTBEAT_MS,
  ) {
    this.readMarks = new ReadMarkWriter(database, onError);
  }

  /** A stream showed a message to its reader: their read mark moves, in this instance's next batch. */
  markRead(mark: ReadMark): void {
    this.readMarks.add(mark);
  }

  /**
   * Listening starts with the first stream, not with the app: on PostgreSQL it holds a
   * connection, which an instance (or a test) that never serves a stream should not pay for.
   */
  private starting: Promise<Listener> | null = null;
  private closed = false;

  private listen(): Promise<Listener> {
    this.starting ??= listenChannel(this.database, CHAT_CHANNEL).then(
      (listener) => {
        listener.subscribe((payload) => {
          // Each message's rows start loading as soon as it is announced, beside earlier ones
          // still loading (a burst does not wait in line for round trips); deliveries still go
          // out one at a time, in the order PostgreSQL announced the commits.
          const loading = this.load(payload);
          loading.catch(() => {}); // reported below, in its turn
          this.queue = this.queue.then(async () => this.deliver(await loading)).catch(this.onError);
        });
        return listener;
      },
      (error: unknown) => {
        // Let the next stream try again rather than fail for ever.
        this.starting = null;
        throw error;
      },
    );
    return this.starting;
  }

  /** Start delivering a channel's new messages to a subscriber; resolves once this instance is listening. */
  async subscribe(circleId: string, subscriber: StreamSubscriber): Promise<() => void> {
    if (this.closed) {
      subscriber.end();
      return () => {};
    }
    await this.listen();
    if (this.closed) {
      subscriber.end();
      return () => {};
    }
    this.heartbeat ??= setInterval(() => void this.sweep().catch(this.onError), this.heartbeatMs).unref();
    const set = this.byCircle.get(circleId) ?? new Set();
    set.add(subscriber);
    this.byCircle.set(circleId, set);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.byCircle.get(circleId) === set) this.byCircle.delete(circleId);
    };
  }

  /** How many streams are open on this instance (for tests and for a clean shutdown). */
  get openStreams(): number {
    let n = 0;
    for (const set of this.byCircle.values()) n += set.size;
    return n;
  }

  /** The message and who may read it now: loaded after its commit, so a leaver is already out. */
  private async load(payload: string): Promise<{ message: ChatMessage; members: Set<string> } | null> {
    const note = parseNotification(payload);
    if (!note || !this.byCircle.get(note.circleId)?.size) return null;
    const db = this.database.db;
    const [message, circle] = await Promise.all([getMessage(db, note.messageId), getCircle(db, note.circleId)]);
    if (!message || !circle) return null;
    return { message, members: await channelMemberIds(db, circle, this.clock.now()) };
  }

  private deliver(loaded: { message: ChatMessage; members: Set<string> } | null): void {
    if (!loaded) return;
    for (const subscriber of [...(this.byCircle.get(loaded.message.circleId) ?? [])]) {
      if (loaded.members.has(subscriber.personId)) subscriber.deliver(loaded.message);
      else subscriber.end();
    }
  }

  /**
   * The heartbeat, once per circle with open pages rather than once per page: with a thousand
   * pages open, a membership check each would be forty a second for nothing.
   */
  private async sweep(): Promise<void> {
    const db = this.database.db;
    const now = this.clock.now();
    await Promise.all([...this.byCircle].map(async ([circleId, subscribers]) => {
      const circle = await getCircle(db, circleId);
      const members = circle ? await channelMemberIds(db, circle, now) : new Set<string>();
      for (const subscriber of [...subscribers]) {
        if (members.has(subscriber.personId)) subscriber.ping();
        else subscriber.end();
      }
    }));
  }

  /** End every open stream (so the server can stop) and stop listening. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const set of [...this.byCircle.values()]) for (const subscriber of [...set]) subscriber.end();
    this.byCircle.clear();
    await this.queue;
    await this.readMarks.flush();
    const listener = await this.starting?.catch(() => null);
    await listener?.close();
  }
}
