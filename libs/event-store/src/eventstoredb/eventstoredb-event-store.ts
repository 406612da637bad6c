/**
 * The event-store port on EventStoreDB / KurrentDB, through @eventstore/db-client v6 (gRPC).
 *
 * Where it differs from the Postgres adapter, and why:
 * - appendMany takes one stream only (NotSupportedError otherwise): the v6 client has no atomic
 *   multi-stream append.
 * - Idempotency by event id is the adapter's own check (EventStoreDB dedupes only in some cases
 *   and never compares content). It looks at the stream's newest `idempotencyWindow` events and,
 *   for an exact expected revision, at the events right after it. An id stored further back, or
 *   in a *different* stream, is not detected: EventStoreDB has no index by event id (a
 *   $by_event_id-style projection would be needed), so such an append writes a second copy.
 *   The check and the append are two calls: two concurrent appends of the same new ids with
 *   expected revision `any` can both write.
 * - Positions come from stream reads after the append (one more round trip), which needs server
 *   22.6+; $all reads need a user allowed to read $all (an admin by default).
 * - Stream ids starting with `$` are refused: they are EventStoreDB's system streams.
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START as FROM_START,
  type AppendResult as EsdbAppendResult,
  type Position,
} from '@eventstore/db-client';
import { InvalidAppendError, NotSupportedError, WrongExpectedRevisionError } from '../errors';
import type { EventStore } from '../event-store';
import { compareLogPositions, START } from '../log-position';
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
} from '../types';
import { Upcasters } from '../upcasting';
import { validateAppend } from '../validate-append';
import { EventStoreDbSubscription } from './all-subscription';
import { toEsdbEventData, toRecordedEvent } from './event-mapping';
import { eventFilterPredicate, isSystemEvent, toSubscriptionFilter } from './filtering';
import { findDuplicateAppend, toAppendResult } from './idempotency';
import {
  toEsdbExpectedRevision,
  toEsdbPosition,
  toLogPosition,
  toPortAppendError,
} from './mapping';
import { collectReadAllBatch } from './read-all-batch';
import { findStoredEvents, readAppended, streamEvents } from './stream-reads';

/** The part of the client this adapter uses: a real EventStoreDBClient, or a fake in tests. */
export type EventStoreDbClientLike = Pick<
  EventStoreDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

export interface EventStoreDbEventStoreOptions {
  upcasters?: Upcasters;
  /** How many of a stream's newest events an append searches for its event ids. Default 256. */
  idempotencyWindow?: number;
  /** The most $all records one readAll call reads, filtered ones included. Default 4096. */
  readAllScanLimit?: number;
}

const DEFAULT_READ_ALL_LIMIT = 1000;
const DEFAULT_BATCH_SIZE = 100;

export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDbClientLike;
  /** Only a client built here from a connection string is disposed by close(). */
  private readonly ownsClient: boolean;
  private readonly upcasters: Upcasters;
  private readonly idempotencyWindow: number;
  private readonly readAllScanLimit: number;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();

  constructor(
    connection: string | EventStoreDbClientLike,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    this.ownsClient = typeof connection === 'string';
    this.client =
      typeof connection === 'string' ? EventStoreDBClient.connectionString(connection) : connection;
    this.upcasters = options.upcasters ?? new Upcasters();
    this.idempotencyWindow = positiveInteger('idempotencyWindow', options.idempotencyWindow ?? 256);
    this.readAllScanLimit = positiveInteger('readAllScanLimit', options.readAllScanLimit ?? 4096);
  }

  async append(
    streamId: string,
    events: NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    validateAppend([{ streamId, events, expectedRevision: expected }]);
    if (streamId.startsWith('$'))
      throw new InvalidAppendError(`stream ids starting with $ are EventStoreDB's: ${streamId}`);
    const proposed = events.map(toEsdbEventData);

    // Idempotency first, as in Postgres: a retry of a noStream append is a duplicate, not a conflict.
    const stored = await findStoredEvents(
      this.client,
      streamId,
      events,
      expected,
      this.idempotencyWindow,
    );
    const duplicate = findDuplicateAppend(streamId, events, stored);
    if (duplicate) return duplicate;

    let appended: EsdbAppendResult;
    try {
      appended = await this.client.appendToStream(streamId, proposed, {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
    } catch (error) {
      throw toPortAppendError(error, streamId, expected);
    }
    // A client built with throwOnAppendFailure: false reports the conflict instead of throwing.
    if (!appended.success)
      throw new WrongExpectedRevisionError(streamId, expected, appended.nextExpectedRevision);
    const written = await readAppended(
      this.client,
      streamId,
      events,
      appended.nextExpectedRevision,
    );
    return toAppendResult(streamId, written, false);
  }

  async appendMany(requests: AppendToStream[]): Promise<AppendResult> {
    validateAppend(requests);
    if (requests.length > 1) {
      throw new NotSupportedError(
        'EventStoreDB (client v6) cannot append to several streams atomically',
      );
    }
    const [{ streamId, events, expectedRevision }] = requests;
    return this.append(streamId, events, { expectedRevision });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.limit !== undefined && options.limit <= 0) return [];
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    const read = streamEvents(this.client, streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : FROM_START),
      ...(options.limit !== undefined && { maxCount: options.limit }),
    });
    for await (const event of read) events.push(toRecordedEvent(event, this.upcasters));
    return events;
  }

  async streamRevision(streamId: string): Promise<bigint> {
    const newest = { direction: BACKWARDS, fromRevision: END, maxCount: 1 } as const;
    for await (const event of streamEvents(this.client, streamId, newest)) {
      return event.revision;
    }
    return -1n;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllBatch> {
    const limit = options.limit ?? DEFAULT_READ_ALL_LIMIT;
    if (!Number.isInteger(limit) || limit < 0)
      throw new RangeError(`readAll limit must be an integer ≥ 0: ${limit}`);
    // +2: the event at `after` itself (reads are inclusive) and one more to tell caughtUp.
    const maxCount = Math.max(limit + 2, this.readAllScanLimit);
    const read = this.client.readAll({
      fromPosition: fromPosition(options.after),
      maxCount,
      direction: FORWARDS,
    });
    try {
      return await collectReadAllBatch(read, {
        after: options.after,
        limit,
        matches: eventFilterPredicate(options.filter),
        upcasters: this.upcasters,
        maxCount,
      });
    } finally {
      if (!read.readableEnded) await read.cancel().catch(() => undefined);
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const subscription = new EventStoreDbSubscription({
      after: options.after,
      batchSize: positiveInteger('batchSize', options.batchSize ?? DEFAULT_BATCH_SIZE),
      matches: eventFilterPredicate(options.filter),
      upcasters: this.upcasters,
      headAtStart: () => this.headPosition(),
      open: (after) =>
        this.client.subscribeToAll({
          fromPosition: fromPosition(after),
          filter: toSubscriptionFilter(options.filter),
        }),
      onStop: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The newest non-system event: $all always ends with some of the server's own. */
  async headPosition(): Promise<LogPosition> {
    const read = this.client.readAll({ fromPosition: END, direction: BACKWARDS });
    try {
      for await (const { event } of read) {
        if (event && !isSystemEvent(event.streamId, event.type))
          return toLogPosition(event.position);
      }
      return START;
    } finally {
      if (!read.readableEnded) await read.cancel().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.ownsClient) await this.client.dispose();
  }
}

function fromPosition(after: LogPosition | undefined): Position | typeof FROM_START {
  return after && compareLogPositions(after, START) > 0 ? toEsdbPosition(after) : FROM_START;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer: ${value}`);
  return value;
}
