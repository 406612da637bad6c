import { InvalidAppendError } from './errors';
import type { AppendToStream, ExpectedRevision, NewEvent } from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Shared by every adapter: a malformed append is refused before any I/O. */
export function validateAppend(requests: AppendToStream[]): void {
  if (requests.length === 0) throw new InvalidAppendError('nothing to append: no streams');
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const r of requests) {
    if (typeof r.streamId !== 'string' || r.streamId.length === 0 || r.streamId.length > 256) {
      throw new InvalidAppendError(
        `stream id must be a non-empty string of at most 256 characters`,
      );
    }
    if (streams.has(r.streamId))
      throw new InvalidAppendError(`stream ${r.streamId} appears twice in one append`);
    streams.add(r.streamId);
    validateExpectedRevision(r.expectedRevision ?? 'any');
    if (r.events.length === 0)
      throw new InvalidAppendError(`stream ${r.streamId}: no events to append`);
    for (const e of r.events) {
      validateEvent(e);
      if (ids.has(e.id))
        throw new InvalidAppendError(`event id ${e.id} appears twice in one append`);
      ids.add(e.id);
    }
  }
}

function validateEvent(e: NewEvent): void {
  if (typeof e.id !== 'string' || !UUID.test(e.id))
    throw new InvalidAppendError(`event id must be a UUID: ${e.id}`);
  if (typeof e.type !== 'string' || e.type.length === 0)
    throw new InvalidAppendError(`event ${e.id}: type is empty`);
  if (e.data === undefined) throw new InvalidAppendError(`event ${e.id}: data is undefined`);
  const v = e.schemaVersion ?? 1;
  if (!Number.isInteger(v) || v < 1)
    throw new InvalidAppendError(`event ${e.id}: schema version must be an integer ≥ 1`);
}

function validateExpectedRevision(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'noStream' || expected === 'streamExists') return;
  if (typeof expected !== 'bigint' || expected < 0n) {
    throw new InvalidAppendError(
      `expected revision must be any, noStream, streamExists or a bigint ≥ 0`,
    );
  }
}
