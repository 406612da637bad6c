/**
 * The event log's vocabulary, shared by every adapter. Plain types: no driver, no framework.
 */

/** Who and why, carried with every event. Free-form beyond the named fields. */
export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  actorId?: string;
  traceId?: string;
  [key: string]: unknown;
}

/** An event as a writer hands it to the log. `id` makes the append idempotent. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  /** A UUID chosen by the writer. Appending the same id again is a no-op. */
  id: string;
  type: Type;
  data: Data;
  metadata?: EventMetadata;
  /** The shape's version; old versions are upcast on read. Defaults to 1. */
  schemaVersion?: number;
}

/**
 * A point in the log's global order. Compare with `compareLogPositions`, never by one field.
 * Postgres: (writing transaction's xid8, global position). EventStoreDB: (commit, prepare).
 */
export interface LogPosition {
  readonly tx: bigint;
  readonly seq: bigint;
}

/** An event as the log hands it back, upcast to its current shape. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  schemaVersion: number;
  streamId: string;
  /** 0-based position of the event in its stream. */
  streamRevision: bigint;
  /** Where the event sits in the global order. */
  position: LogPosition;
  /** A single monotonic-per-adapter number for humans and metrics (Postgres: global_position). */
  globalPosition: bigint;
  recordedAt: Date;
  data: Data;
  metadata: EventMetadata;
}

/**
 * What the writer believes about the stream before appending:
 * any; the stream must not exist; it must exist; or its last revision is exactly n.
 */
export type ExpectedRevision = 'any' | 'noStream' | 'streamExists' | bigint;

export interface AppendToStream {
  streamId: string;
  events: NewEvent[];
  expectedRevision?: ExpectedRevision;
}

export interface AppendedEvent {
  id: string;
  streamId: string;
  streamRevision: bigint;
  position: LogPosition;
  globalPosition: bigint;
}

export interface AppendResult {
  /** Each appended event, in the order given. */
  events: AppendedEvent[];
  /** The revision each stream reached. */
  streams: { streamId: string; revision: bigint }[];
  /** The last event's position: a read model that reached it has seen this write. */
  position: LogPosition;
  /** True when every event id was already stored: nothing was written, the original result is returned. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Forwards default: 0. Backwards default: the end. */
  fromRevision?: bigint;
  limit?: number;
}

export interface EventFilter {
  /** Only these event types. */
  eventTypes?: readonly string[];
  /** Only streams whose id starts with `<category>-`. */
  streamCategories?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Default: the start of the log. */
  after?: LogPosition;
  limit?: number;
  filter?: EventFilter;
}

export interface ReadAllBatch {
  events: RecordedEvent[];
  /**
   * Where the next read starts. Past every event returned, and, when a filter skipped events,
   * past those too, but never past an event that a transaction still open may yet commit.
   */
  checkpoint: LogPosition;
  /** True when the batch reached the end of what is visible now. */
  caughtUp: boolean;
  /**
   * True when committed events exist past the checkpoint that cannot be read yet because an older
   * transaction is still open. Nothing will announce when it ends: read again soon.
   */
  heldBack?: boolean;
}

export interface SubscribeOptions {
  after?: LogPosition;
  filter?: EventFilter;
  batchSize?: number;
}

/** Catch-up then live. Iterate batches; `stop()` ends the iteration. */
export interface Subscription extends AsyncIterable<ReadAllBatch> {
  stop(): Promise<void>;
}
