/**
 * Events in and out of EventStoreDB. Our schema version and metadata travel in the event's
 * metadata JSON; correlation and causation ids use EventStoreDB's own `$correlationId` /
 * `$causationId` keys so its $by_correlation_id projection and UI understand them.
 */
import type {
  JSONEventData,
  JSONType,
  RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import { InvalidAppendError } from '../errors';
import type { EventMetadata, NewEvent, RecordedEvent } from '../types';
import { Upcasters } from '../upcasting';
import { isKnownPosition, toLogPosition } from './mapping';

const SCHEMA_VERSION = 'schemaVersion';
const CORRELATION_ID = '$correlationId';
const CAUSATION_ID = '$causationId';

/** Reads the stored shape as written: what the idempotency check compares against. */
export const NO_UPCASTING = new Upcasters();

export function toEsdbEventData(event: NewEvent): JSONEventData {
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    // The client JSON.stringifies data; any JSON value works, its type is just narrower.
    data: event.data as JSONType,
    metadata: toEsdbMetadata(event.metadata, event.schemaVersion ?? 1),
  };
}

export function toEsdbMetadata(
  metadata: EventMetadata | undefined,
  schemaVersion: number,
): Record<string, unknown> {
  const { correlationId, causationId, ...rest } = metadata ?? {};
  for (const key of Object.keys(rest)) {
    // `$...` keys are EventStoreDB's; `schemaVersion` is ours. Either would be lost on read.
    if (key === SCHEMA_VERSION || key.startsWith('$')) {
      throw new InvalidAppendError(
        `metadata key ${JSON.stringify(key)} is reserved by the EventStoreDB adapter`,
      );
    }
  }
  const stored: Record<string, unknown> = { ...rest, [SCHEMA_VERSION]: schemaVersion };
  if (correlationId !== undefined) stored[CORRELATION_ID] = correlationId;
  if (causationId !== undefined) stored[CAUSATION_ID] = causationId;
  return stored;
}

/** Tolerates events written by other tools: no metadata, binary metadata, no schema version. */
export function fromEsdbMetadata(raw: unknown): { metadata: EventMetadata; schemaVersion: number } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Uint8Array) {
    return { metadata: {}, schemaVersion: 1 };
  }
  const {
    [SCHEMA_VERSION]: version,
    [CORRELATION_ID]: correlationId,
    [CAUSATION_ID]: causationId,
    ...rest
  } = raw as Record<string, unknown>;
  const metadata: EventMetadata = { ...rest };
  if (correlationId !== undefined) metadata.correlationId = correlationId as string;
  if (causationId !== undefined) metadata.causationId = causationId as string;
  const schemaVersion =
    typeof version === 'number' && Number.isInteger(version) && version >= 1 ? version : 1;
  return { metadata, schemaVersion };
}

export function toRecordedEvent(event: EsdbRecordedEvent, upcasters: Upcasters): RecordedEvent {
  if (!isKnownPosition(event.position)) {
    throw new Error(
      `EventStoreDB returned no $all position for event ${event.id} in ${event.streamId}: ` +
        'stream reads carry it from server version 22.6 on (and never for explicit-transaction events)',
    );
  }
  const position = toLogPosition(event.position);
  const stored = fromEsdbMetadata(event.metadata);
  const { schemaVersion, data } = upcasters.isEmpty
    ? { schemaVersion: stored.schemaVersion, data: event.data as unknown }
    : upcasters.upcast(event.type, stored.schemaVersion, event.data, stored.metadata);
  return {
    id: event.id,
    type: event.type,
    schemaVersion,
    streamId: event.streamId,
    streamRevision: event.revision,
    position,
    globalPosition: position.tx,
    recordedAt: event.created,
    data,
    metadata: stored.metadata,
  };
}
