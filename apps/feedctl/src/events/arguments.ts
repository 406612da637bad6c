import { parseLogPosition, type LogPosition } from '@photofeed/event-store';
import { InvalidArgumentError } from 'commander';

/**
 * Parsers for the `events` commands' arguments. Each throws commander's InvalidArgumentError, so a
 * bad value ends as one line on stderr and exit code 2 (EXIT.usage) before anything connects.
 */

export function positionArgument(text: string): LogPosition {
  try {
    return parseLogPosition(text);
  } catch {
    throw new InvalidArgumentError('Expected a log position "<tx>-<seq>", e.g. 1234-56.');
  }
}

/** A whole number from `min` up (counts and limits). */
export function countArgument(min: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min)
      throw new InvalidArgumentError(`Expected a whole number ≥ ${min}.`);
    return value;
  };
}

const MAX_REVISION = 9223372036854775807n;

export function revisionArgument(text: string): bigint {
  if (!/^\d{1,19}$/.test(text.trim()) || BigInt(text.trim()) > MAX_REVISION)
    throw new InvalidArgumentError('Expected a stream revision (a whole number ≥ 0).');
  return BigInt(text.trim());
}

/** What the log's category filter can match: the text before the first `-` of a stream id. */
export const CATEGORY = /^[A-Za-z0-9_]+$/;

/** For a variadic option: collects every value, each checked. */
export function categoriesArgument(text: string, previous: string[] | undefined): string[] {
  if (!CATEGORY.test(text))
    throw new InvalidArgumentError(
      'Expected a stream category (letters, digits, _), e.g. photo for photo-<id>.',
    );
  return [...(previous ?? []), text];
}

export function streamIdArgument(text: string): string {
  if (text === '') throw new InvalidArgumentError('Expected a stream id, e.g. photo-123.');
  return text;
}

export interface Duration {
  /** As the operator wrote it: "1h", "90m", "1d12h". */
  text: string;
  seconds: number;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 };
const DURATION = /^(?:\d+[smhdw])+$/;
const MAX_DURATION_SECONDS = 100 * 365 * 86_400;

/** "30s", "15m", "1h", "24h", "7d", "2w", or parts together ("1h30m"). */
export function durationArgument(text: string): Duration {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed))
    throw new InvalidArgumentError('Expected a duration like 30s, 15m, 1h, 24h, 7d or 1h30m.');
  let seconds = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhdw])/g))
    seconds += Number(amount) * UNIT_SECONDS[unit];
  if (seconds <= 0 || seconds > MAX_DURATION_SECONDS)
    throw new InvalidArgumentError('Expected a duration above 0 and at most 100 years.');
  return { text: trimmed, seconds };
}
