import { performance } from 'node:perf_hooks';

export const now = (): number => performance.now();

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Events per second (0 for an empty interval). */
export function eps(events: number, elapsedMs: number): number {
  return elapsedMs > 0 ? events / (elapsedMs / 1000) : 0;
}

export function medianOrNull(values: readonly number[]): number | null {
  return values.length ? Math.round(median(values)) : null;
}

export function ratio(a: number | null, b: number | null): number | null {
  return a !== null && b !== null && b > 0 ? Math.round((a / b) * 100) / 100 : null;
}

/** One JSON object per line on stdout: the benches' only stdout output. */
export function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Progress and diagnostics: stderr. */
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
