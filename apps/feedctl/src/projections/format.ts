import { formatLogPosition, type LogPosition } from '@photofeed/event-store';

/** Short forms for tables (JSON keeps the full values). */
export const position = (p: LogPosition | null | undefined): string =>
  p ? formatLogPosition(p) : '-';

export function seconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '-';
  if (s < 1) return s === 0 ? '0s' : `${s.toFixed(1)}s`;
  if (s < 90) return `${Math.round(s)}s`;
  if (s < 5400) return `${Math.round(s / 60)}m`;
  return `${(s / 3600).toFixed(1)}h`;
}

export function count(n: number): string {
  if (n < 10_000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(2)}M`;
}
