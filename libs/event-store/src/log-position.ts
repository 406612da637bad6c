import type { LogPosition } from './types';

export const START: LogPosition = Object.freeze({ tx: 0n, seq: 0n });

export function compareLogPositions(a: LogPosition, b: LogPosition): number {
  if (a.tx !== b.tx) return a.tx < b.tx ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

export function maxLogPosition(a: LogPosition, b: LogPosition): LogPosition {
  return compareLogPositions(a, b) >= 0 ? a : b;
}

/** Text form for headers, cursors and checkpoints on disk: "<tx>-<seq>". */
export function formatLogPosition(p: LogPosition): string {
  return `${p.tx}-${p.seq}`;
}

const FORMAT = /^(\d{1,20})-(\d{1,20})$/;

export function parseLogPosition(text: string): LogPosition {
  const m = FORMAT.exec(text.trim());
  if (!m) throw new InvalidLogPositionError(text);
  return { tx: BigInt(m[1]), seq: BigInt(m[2]) };
}

export class InvalidLogPositionError extends Error {
  constructor(readonly text: string) {
    super(`not a log position: ${JSON.stringify(text)} (expected "<tx>-<seq>")`);
    this.name = 'InvalidLogPositionError';
  }
}
