import { formatLogPosition, type LogPosition } from '@photofeed/event-store';

/**
 * A JSON.stringify replacer for operator output: log positions in their text form `"<tx>-<seq>"`
 * (what every api answer and feedctl argument uses), other bigints (ids) as decimal text.
 */
export function positionsAsText(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (isLogPosition(value)) return formatLogPosition(value);
  return value;
}

function isLogPosition(value: unknown): value is LogPosition {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  const { tx, seq } = value as Partial<LogPosition>;
  return keys.length === 2 && typeof tx === 'bigint' && typeof seq === 'bigint';
}
