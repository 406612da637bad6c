/**
 * Our contract: appending event ids that are already stored is a no-op returning the original
 * result when the content is the same, and an EventIdConflictError otherwise. EventStoreDB only
 * deduplicates by id in some cases (a retry at the same expected revision, or a best-effort
 * recent-id cache with ANY) and never compares content, so the adapter decides itself from the
 * stored events it found (see EventStoreDbEventStore.findStoredEvents for where it looks).
 */
import { compareLogPositions } from '../log-position';
import { EventIdConflictError } from '../errors';
import type { AppendResult, NewEvent, RecordedEvent } from '../types';

/**
 * `stored`: events already in the stream whose ids were asked for, keyed by lower-case id,
 * in their stored shape (not upcast). Returns the original result when every event is stored
 * with the same content, undefined when none is stored; throws when some or different.
 */
export function findDuplicateAppend(
  streamId: string,
  events: readonly NewEvent[],
  stored: ReadonlyMap<string, RecordedEvent>,
): AppendResult | undefined {
  const originals = events.map((e) => stored.get(e.id.toLowerCase()));
  const firstStored = originals.find((o) => o !== undefined);
  if (firstStored === undefined) return undefined;
  if (originals.some((o) => o === undefined)) {
    throw new EventIdConflictError(firstStored.id, 'only some of the event ids are stored');
  }
  const found = originals as RecordedEvent[];
  events.forEach((event, i) => {
    if (!isSameContent(streamId, event, found[i])) {
      throw new EventIdConflictError(event.id, 'same id, different stream, type, version or data');
    }
  });
  return toAppendResult(streamId, found, true);
}

export function isSameContent(streamId: string, event: NewEvent, stored: RecordedEvent): boolean {
  return (
    stored.streamId === streamId &&
    stored.type === event.type &&
    stored.schemaVersion === (event.schemaVersion ?? 1) &&
    canonicalJson(stored.data) === canonicalJson(JSON.parse(JSON.stringify(event.data)))
  );
}

/** JSON with object keys sorted: equal text ⇔ equal JSON values (as Postgres jsonb compares). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** `written`: the events of one append, in the order given. */
export function toAppendResult(
  streamId: string,
  written: readonly RecordedEvent[],
  duplicate: boolean,
): AppendResult {
  if (written.length === 0) throw new Error('an append result needs at least one event');
  let last = written[0];
  for (const e of written) if (compareLogPositions(e.position, last.position) > 0) last = e;
  const revision = written.reduce(
    (max, e) => (e.streamRevision > max ? e.streamRevision : max),
    -1n,
  );
  return {
    events: written.map((e) => ({
      id: e.id,
      streamId: e.streamId,
      streamRevision: e.streamRevision,
      position: e.position,
      globalPosition: e.globalPosition,
    })),
    streams: [{ streamId, revision }],
    position: last.position,
    duplicate,
  };
}
