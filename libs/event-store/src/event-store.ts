import type {
  AppendResult,
  AppendToStream,
  ExpectedRevision,
  LogPosition,
  NewEvent,
  ReadAllBatch,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './types';

/**
 * The port every adapter implements and the contract suite (contract/) holds them to.
 *
 * Guarantees:
 * - appends are atomic (all events of the call or none, across streams too);
 * - an append whose event ids are all stored with the same content returns the original result;
 * - readAll/subscribeToAll return every event exactly once, each stream in revision order, and
 *   never move a checkpoint past an event a still-open transaction may commit.
 */
export interface EventStore {
  append(
    streamId: string,
    events: NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;

  /** Several streams, one atomic append. Each stream's expected revision is checked. */
  appendMany(requests: AppendToStream[]): Promise<AppendResult>;

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** The stream's last revision, or -1n when it has no events. */
  streamRevision(streamId: string): Promise<bigint>;

  readAll(options?: ReadAllOptions): Promise<ReadAllBatch>;

  subscribeToAll(options?: SubscribeOptions): Subscription;

  /** The position of the newest event visible to readers now (START when empty). */
  headPosition(): Promise<LogPosition>;

  close(): Promise<void>;
}
