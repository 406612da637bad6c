import type { EventFilter, LogPosition, RecordedEvent } from '@photofeed/event-store';
import { CATEGORY } from './arguments';

/** Which events `events tail` prints: by type, and by stream categories or one stream. */
export interface Selection {
  types?: readonly string[];
  categories?: readonly string[];
  streamId?: string;
}

/** Where tail starts: at a position (inclusive), or the last N matching events. */
export type TailStart = { from: LogPosition } | { last: number };

/**
 * The log-side filter. One stream is read as its category (when the id has one the filter can
 * express) and checked exactly by `matches`: the log filters in SQL, we only drop the other
 * streams of that category.
 */
export function logFilter(selection: Selection): EventFilter {
  const categories = selection.streamId
    ? [categoryOf(selection.streamId)].filter((c): c is string => c !== undefined)
    : selection.categories;
  return {
    eventTypes: selection.types?.length ? selection.types : undefined,
    streamCategories: categories?.length ? categories : undefined,
  };
}

export function matches(selection: Selection, event: RecordedEvent): boolean {
  if (selection.streamId !== undefined && event.streamId !== selection.streamId) return false;
  if (selection.types?.length && !selection.types.includes(event.type)) return false;
  return true;
}

/** The category a stream id belongs to, if the log's category filter can match it. */
export function categoryOf(streamId: string): string | undefined {
  const dash = streamId.indexOf('-');
  const category = dash > 0 ? streamId.slice(0, dash) : undefined;
  return category !== undefined && CATEGORY.test(category) ? category : undefined;
}

/** LIKE patterns for categories, as the log's READ_ALL takes them (`_` is a LIKE wildcard). */
export function categoryPatterns(categories: readonly string[] | undefined): string[] | null {
  return categories?.length ? categories.map((c) => `${c.replace(/_/g, '\\_')}-%`) : null;
}
