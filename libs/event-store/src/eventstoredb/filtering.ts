/**
 * Which events of $all a reader sees. EventStoreDB's $all also holds the server's own events
 * (`$`-prefixed streams and types: settings, stats, metadata, links, tombstones): never ours.
 */
import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type Filter,
} from '@eventstore/db-client';
import type { EventFilter } from '../types';

export function isSystemEvent(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

/** An empty list means "no filter on this field", as in the Postgres adapter. */
export function eventFilterPredicate(
  filter: EventFilter | undefined,
): (streamId: string, type: string) => boolean {
  const types = filter?.eventTypes?.length ? new Set(filter.eventTypes) : undefined;
  const prefixes = filter?.streamCategories?.length
    ? filter.streamCategories.map((c) => `${c}-`)
    : undefined;
  return (streamId, type) =>
    !isSystemEvent(streamId, type) &&
    (types === undefined || types.has(type)) &&
    (prefixes === undefined || prefixes.some((p) => streamId.startsWith(p)));
}

/**
 * The server-side filter for subscribeToAll. The server filters on one field only, so this
 * narrows by categories (cheapest: a prefix) or else by types or else drops system events;
 * the subscription still applies `eventFilterPredicate` to what arrives, which does the rest.
 */
export function toSubscriptionFilter(filter: EventFilter | undefined): Filter {
  if (filter?.streamCategories?.length) {
    return streamNameFilter({ prefixes: filter.streamCategories.map((c) => `${c}-`) });
  }
  if (filter?.eventTypes?.length) {
    return eventTypeFilter({ regex: exactAlternation(filter.eventTypes) });
  }
  return excludeSystemEvents();
}

/** `^(?:a|b)$` with every name escaped: the server's prefix filter would also match `aX`. */
export function exactAlternation(names: readonly string[]): string {
  return `^(?:${names.map(escapeRegex).join('|')})$`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
