import type { EventFilter, RecordedEvent } from '@photofeed/event-store';

/** Whether an event passes a projection's filter (the log applies the same rules server-side). */
export function passes(event: RecordedEvent, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  const { eventTypes, streamCategories } = filter;
  if (eventTypes?.length && !eventTypes.includes(event.type)) return false;
  // As the log's `stream_id LIKE '<category>-%'`.
  if (streamCategories?.length && !streamCategories.some((c) => event.streamId.startsWith(`${c}-`)))
    return false;
  return true;
}

/**
 * One filter that lets through everything any of `filters` wants, so one read of the log can feed
 * them all. Event types unite only if every filter names types and none names categories;
 * otherwise the shared read is unfiltered and each projection's filter applies in memory.
 */
export function unionFilter(filters: (EventFilter | undefined)[]): EventFilter | undefined {
  if (filters.some((f) => !f?.eventTypes?.length || f.streamCategories?.length)) return undefined;
  const types = new Set<string>();
  for (const f of filters) for (const t of f!.eventTypes!) types.add(t);
  return { eventTypes: [...types].sort() };
}
