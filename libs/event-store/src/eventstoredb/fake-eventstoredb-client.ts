/**
 * Test support: the part of @eventstore/db-client the adapter uses, in memory, so the shared
 * contract suite can exercise the adapter's own logic where no server runs. It encodes what
 * the adapter assumes of the server, which only a live run (EVENTSTORE_URL) verifies:
 * - appends check the expected revision and throw the client's WrongExpectedVersionError;
 * - stream reads carry the $all position (server 22.6+); a missing stream errors with
 *   StreamNotFoundError; reads of $all start *at* their position, subscriptions *after* it;
 * - $all holds system events: each append is followed by a `$>` link in `$ce-<category>`,
 *   as the system projections write; subscriptions emit `caughtUp` after the history.
 * It does not emulate the server's own id deduplication, which the adapter does not rely on.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';
import type { EventStoreDbClientLike } from './eventstoredb-event-store';

interface StoredRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
  isJson: true;
  position: Position;
}

type Resolved = { event: StoredRecord; commitPosition: bigint };

const before = (a: Position, b: Position) =>
  a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare);

export class FakeEventStoreDbClient {
  readonly log: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly live = new Set<(record: StoredRecord) => void>();
  private nextPosition = 1_000n;
  disposed = false;

  /** The fake typed as the client the adapter takes. */
  asClient(): EventStoreDbClientLike {
    return this as unknown as EventStoreDbClientLike;
  }

  async appendToStream(
    streamName: string,
    events: EventData | EventData[],
    { expectedRevision = ANY }: { expectedRevision?: AppendExpectedRevision } = {},
  ): Promise<AppendResult> {
    const list = Array.isArray(events) ? events : [events];
    const current = this.currentRevision(streamName);
    const ok =
      expectedRevision === ANY ||
      (expectedRevision === NO_STREAM && current === -1n) ||
      (expectedRevision === STREAM_EXISTS && current >= 0n) ||
      expectedRevision === current;
    if (!ok) {
      throw new WrongExpectedVersionError(undefined, {
        streamName,
        expected: expectedRevision,
        current: current === -1n ? NO_STREAM : current,
      });
    }
    const written = list.map((e) =>
      this.write(streamName, e.id.toLowerCase(), e.type, e.data, e.metadata),
    );
    const last = written[written.length - 1];
    for (const e of list)
      this.write(`$ce-${streamName.split('-')[0]}`, randomUUID(), '$>', `0@${e.id}`);
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  readStream(
    streamName: string,
    options: { fromRevision?: ReadRevision; maxCount?: number | bigint; direction?: string } = {},
  ) {
    const stored = this.streams.get(streamName);
    if (!stored) return failing(new StreamNotFoundError(undefined, streamName));
    const backwards = options.direction === BACKWARDS;
    const from = options.fromRevision ?? (backwards ? END : START);
    const ordered = backwards ? [...stored].reverse() : stored;
    const selected = ordered.filter((r) =>
      from === START || from === END ? true : backwards ? r.revision <= from : r.revision >= from,
    );
    return streaming(take(selected, options.maxCount).map(resolved));
  }

  readAll(
    options: { fromPosition?: ReadPosition; maxCount?: number | bigint; direction?: string } = {},
  ) {
    const backwards = options.direction === BACKWARDS;
    const from = options.fromPosition ?? (backwards ? END : START);
    const ordered = backwards ? [...this.log].reverse() : this.log;
    const selected = ordered.filter((r) =>
      from === START || from === END
        ? true
        : backwards
          ? !before(from, r.position)
          : !before(r.position, from),
    );
    return streaming(take(selected, options.maxCount).map(resolved));
  }

  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter } = {}) {
    const from = options.fromPosition ?? START;
    const out = new PassThrough({ objectMode: true });
    const deliver = (record: StoredRecord) => {
      const afterStart = from === START || (from !== END && before(from, record.position));
      if (afterStart && accepts(options.filter, record)) out.write(resolved(record));
    };
    setImmediate(() => {
      if (from !== END) for (const record of this.log) deliver(record);
      out.emit('caughtUp');
      this.live.add(deliver);
    });
    return Object.assign(out, {
      unsubscribe: async () => {
        this.live.delete(deliver);
        out.end();
      },
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  private currentRevision(streamName: string): bigint {
    const stored = this.streams.get(streamName);
    return stored ? stored[stored.length - 1].revision : -1n;
  }

  private write(streamId: string, id: string, type: string, data: unknown, metadata?: unknown) {
    const position = { commit: this.nextPosition, prepare: this.nextPosition };
    this.nextPosition += 137n; // positions are byte offsets: increasing, not consecutive
    const roundTrip = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
    const record: StoredRecord = {
      streamId,
      id,
      revision: this.currentRevision(streamId) + 1n,
      type,
      created: new Date(),
      data: roundTrip(data),
      metadata: roundTrip(metadata),
      isJson: true,
      position,
    };
    this.log.push(record);
    this.streams.set(streamId, [...(this.streams.get(streamId) ?? []), record]);
    for (const deliver of this.live) deliver(record);
    return record;
  }
}

function accepts(filter: Filter | undefined, record: StoredRecord): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'eventType' ? record.type : record.streamId;
  if ('prefixes' in filter) return filter.prefixes.some((p) => subject.startsWith(p));
  return new RegExp(filter.regex).test(subject);
}

function take<T>(items: T[], maxCount: number | bigint | undefined): T[] {
  return maxCount === undefined ? items : items.slice(0, Number(maxCount));
}

function resolved(record: StoredRecord): Resolved {
  return { event: record, commitPosition: record.position.commit };
}

function streaming(items: Resolved[]) {
  const readable = Readable.from(items);
  return Object.assign(readable, { cancel: async () => void readable.destroy() });
}

function failing(error: Error) {
  const readable = new Readable({
    objectMode: true,
    read() {
      this.destroy(error);
    },
  });
  return Object.assign(readable, { cancel: async () => void readable.destroy() });
}
