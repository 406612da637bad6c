import { isPrivateStream } from '@photofeed/domain';
import { formatLogPosition, type EventMetadata, type RecordedEvent } from '@photofeed/event-store';

/** What operators see instead of the data of an event in a private stream (credentials, sessions). */
export const REDACTED = '[redacted]';

/**
 * An event as every `events` command shows it: positions and revisions as text (JSON has no
 * bigint), and the data of private streams replaced by REDACTED. Everything the commands print
 * goes through `eventView`, so no command can leak a secret's hash by forgetting to redact.
 */
export interface EventView {
  position: string;
  globalPosition: string;
  streamId: string;
  streamRevision: string;
  id: string;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  data: unknown;
  metadata: EventMetadata;
}

export function eventView(event: RecordedEvent): EventView {
  return {
    position: formatLogPosition(event.position),
    globalPosition: event.globalPosition.toString(),
    streamId: event.streamId,
    streamRevision: event.streamRevision.toString(),
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    recordedAt: event.recordedAt.toISOString(),
    data: isPrivateStream(event.streamId) ? REDACTED : event.data,
    metadata: event.metadata,
  };
}

/** One JSON Lines record: the whole view, compact, newline-terminated. */
export function jsonLine(view: EventView): string {
  return `${JSON.stringify(view)}\n`;
}

export const PREVIEW_WIDTH = 100;

/**
 * One line for people: position, time, stream, revision, type, data preview. Nothing in it can
 * break the line or drive the terminal (ids and types are escaped like the JSON preview is).
 */
export function humanLine(view: EventView, previewWidth = PREVIEW_WIDTH): string {
  return [
    view.position.padEnd(12),
    view.recordedAt,
    printable(view.streamId).padEnd(20),
    `r${view.streamRevision}`.padEnd(4),
    printable(view.type).padEnd(16),
    dataPreview(view.data, previewWidth),
  ].join('  ');
}

/** Compact JSON, printable, cut to `width` characters (ending in "…" when cut); REDACTED as is. */
export function dataPreview(data: unknown, width = PREVIEW_WIDTH): string {
  if (data === REDACTED) return REDACTED;
  const text = printable(JSON.stringify(data) ?? String(data));
  if (text.length <= width) return text;
  let cut = Math.max(width - 1, 0);
  if (/[\ud800-\udbff]/.test(text[cut - 1] ?? '')) cut -= 1; // never half a surrogate pair
  return `${text.slice(0, cut)}…`;
}

// C0 and C1 control characters, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Text with control characters shown as JSON escapes (\u001b), so it stays on one line. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
