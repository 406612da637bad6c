/**
 * Stream reads the append path and the reads share: events of one stream as an async iterable
 * (a missing stream has none), the search for already-stored event ids, and the read-back of
 * an append's events for their $all positions.
 */
import {
  BACKWARDS,
  END,
  FORWARDS,
  type EventStoreDBClient,
  type ReadStreamOptions as EsdbReadStreamOptions,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import type { ExpectedRevision, NewEvent, RecordedEvent } from '../types';
import { NO_UPCASTING, toRecordedEvent } from './event-mapping';
import { isStreamNotFound } from './mapping';

type StreamReader = Pick<EventStoreDBClient, 'readStream'>;

/** Cancels the gRPC call when the caller stops early. */
export async function* streamEvents(
  client: StreamReader,
  streamId: string,
  options: EsdbReadStreamOptions,
): AsyncGenerator<EsdbRecordedEvent> {
  const read = client.readStream(streamId, options);
  try {
    for await (const { event } of read) if (event) yield event;
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
  } finally {
    if (!read.readableEnded) await read.cancel().catch(() => undefined);
  }
}

/**
 * Stored events with the ids asked for, in their stored shape, keyed by lower-case id. Looks at
 * the stream's newest `window` events and, for an exact expected revision, at the events right
 * after it (where a retried append's original landed, however far back). Nothing else: there is
 * no index by event id, so ids stored further back or in another stream are not found.
 */
export async function findStoredEvents(
  client: StreamReader,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  window: number,
): Promise<Map<string, RecordedEvent>> {
  const wanted = new Set(events.map((e) => e.id.toLowerCase()));
  const found = new Map<string, RecordedEvent>();
  const look = (event: EsdbRecordedEvent) => {
    const id = event.id.toLowerCase();
    if (wanted.has(id)) found.set(id, toRecordedEvent(event, NO_UPCASTING));
  };
  let oldestLooked: bigint | undefined;
  for await (const event of streamEvents(client, streamId, {
    direction: BACKWARDS,
    fromRevision: END,
    maxCount: window,
  })) {
    look(event);
    oldestLooked = event.revision;
    if (found.size === wanted.size) return found;
  }
  if (typeof expected === 'bigint' && oldestLooked !== undefined && expected + 1n < oldestLooked) {
    const original = {
      direction: FORWARDS,
      fromRevision: expected + 1n,
      maxCount: events.length,
    } as const;
    for await (const event of streamEvents(client, streamId, original)) look(event);
  }
  return found;
}

/** The events an append just wrote, ending at `lastRevision`: the append returns only the last position. */
export async function readAppended(
  client: StreamReader,
  streamId: string,
  events: readonly NewEvent[],
  lastRevision: bigint,
): Promise<RecordedEvent[]> {
  const first = lastRevision - BigInt(events.length) + 1n;
  const range = { direction: FORWARDS, fromRevision: first, maxCount: events.length } as const;
  const written: RecordedEvent[] = [];
  for await (const event of streamEvents(client, streamId, range))
    written.push(toRecordedEvent(event, NO_UPCASTING));
  const same =
    written.length === events.length &&
    written.every((w, i) => w.id === events[i].id.toLowerCase());
  if (!same) {
    throw new Error(
      `EventStoreDB acknowledged the append to ${streamId} up to revision ${lastRevision}, but those revisions ` +
        'hold other events (did the server deduplicate ids stored beyond the idempotency window?)',
    );
  }
  return written;
}
