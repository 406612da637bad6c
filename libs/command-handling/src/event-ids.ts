import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

/** Namespace for deterministic event ids (uuid v5). Changing it changes every derived id. */
const EVENT_ID_NAMESPACE = '5b0d1c3e-8f0a-4c55-9a43-6f1f2b8d7e10';

/**
 * Event ids for one command. Under an Idempotency-Key they are derived from (scope, key, stream,
 * index in the stream's write),
 * so a retried or concurrent duplicate request produces the same ids and the log stores its events
 * once, even if the idempotency cache were lost. Otherwise UUIDv7: time-ordered, kind to the
 * unique index on event_id.
 */
export function eventIdsFor(
  idempotency: { scope: string; key: string } | undefined,
): (streamId: string, index: number) => string {
  if (!idempotency) return () => uuidv7();
  const base = `${idempotency.scope}\u0000${idempotency.key}\u0000`;
  // The stream is part of the seed: one request may run several commands (register, then start a
  // session), each writing its own streams, and their events must not share ids.
  return (streamId, index) => uuidv5(`${base}${streamId}\u0000${index}`, EVENT_ID_NAMESPACE);
}
