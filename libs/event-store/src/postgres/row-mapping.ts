import type { Upcasters } from '../upcasting';
import type { EventFilter, EventMetadata, LogPosition, RecordedEvent } from '../types';

/** A row of `events` as pg returns it: bigint and xid8 as strings, jsonb parsed. */
export interface EventRow {
  event_id: string;
  type: string;
  schema_version: number;
  stream_id: string;
  stream_revision: string;
  transaction_id: string;
  global_position: string;
  recorded_at: Date;
  data: unknown;
  metadata: EventMetadata;
}

export function toRecordedEvent(row: EventRow, upcasters: Upcasters): RecordedEvent {
  const { schemaVersion, data } = upcasters.isEmpty
    ? { schemaVersion: row.schema_version, data: row.data }
    : upcasters.upcast(row.type, row.schema_version, row.data, row.metadata);
  const globalPosition = BigInt(row.global_position);
  return {
    id: row.event_id,
    type: row.type,
    schemaVersion,
    streamId: row.stream_id,
    streamRevision: BigInt(row.stream_revision),
    position: { tx: BigInt(row.transaction_id), seq: globalPosition },
    globalPosition,
    recordedAt: row.recorded_at,
    data,
    metadata: row.metadata,
  };
}

export function toLogPosition(tx: string, seq: string): LogPosition {
  return { tx: BigInt(tx), seq: BigInt(seq) };
}

const CATEGORY = /^[A-Za-z0-9_]+$/;

/** Filter → the READ_ALL parameters ($4 types, $5 LIKE patterns), NULL meaning "no filter". */
export function filterParams(filter: EventFilter | undefined): [string[] | null, string[] | null] {
  const types = filter?.eventTypes?.length ? [...filter.eventTypes] : null;
  const categories = filter?.streamCategories?.length
    ? filter.streamCategories.map((c) => {
        if (!CATEGORY.test(c)) throw new Error(`stream category must match ${CATEGORY}: ${c}`);
        return `${c.replace(/_/g, '\\_')}-%`;
      })
    : null;
  return [types, categories];
}
