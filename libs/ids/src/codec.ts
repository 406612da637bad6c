/**
 * Instagram-style 64-bit ids: | 41 bits ms since ID_EPOCH | 13 bits shard | 10 bits sequence |.
 *
 * Pure code: no I/O, no drivers (enforced by .dependency-cruiser.cjs). Ids are `bigint` in code,
 * decimal strings in JSON (a JS number is exact only to 2^53), `bigint` in Postgres.
 *
 * Postgres `bigint` is signed, so only 63 bits are usable: the top bit of the 41-bit time field must
 * stay 0, which caps time at 2^40 - 1 ms after the epoch (~34.8 years: 2060-11-03T19:53:47.775Z).
 * The bit layout is Instagram's; the valid range is what fits a positive Postgres bigint.
 */

/** 2026-01-01T00:00:00Z. Must match the epoch in migrations/log/0002_id_allocator.sql. */
export const ID_EPOCH = new Date('2026-01-01T00:00:00.000Z');
const EPOCH_MS = ID_EPOCH.getTime();

const SEQUENCE_BITS = 10n;
const SHARD_BITS = 13n;
const SHARD_SHIFT = SEQUENCE_BITS;
const MS_SHIFT = SEQUENCE_BITS + SHARD_BITS;

export const SHARD_COUNT = 1 << Number(SHARD_BITS); // 8192
export const MAX_SHARD = SHARD_COUNT - 1;
export const IDS_PER_MS = 1 << Number(SEQUENCE_BITS); // per shard
export const MAX_SEQUENCE = IDS_PER_MS - 1;
/** Last usable millisecond: one more would set bit 63 and make the Postgres bigint negative. */
export const MAX_MS = 2 ** 40 - 1;
export const MAX_ID = (1n << 63n) - 1n;

export interface IdParts {
  /** Milliseconds since ID_EPOCH, 0..MAX_MS. */
  ms: number;
  shard: number;
  sequence: number;
}

export interface DecodedId extends IdParts {
  timestamp: Date;
}

/** An inclusive id range; empty (min > max) when the window holds no possible id. */
export interface IdRange {
  min: bigint;
  max: bigint;
}

/** A value that is not an id (bad input from outside): the API maps this to a 400. */
export class InvalidIdError extends Error {
  constructor(
    message: string,
    readonly input: unknown,
  ) {
    super(message);
    this.name = 'InvalidIdError';
  }
}

function assertIntegerIn(name: string, value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer in 0..${max}, got ${String(value)}`);
  }
}

export function assertShard(shard: number): void {
  assertIntegerIn('shard', shard, MAX_SHARD);
}

export function composeId({ ms, shard, sequence }: IdParts): bigint {
  assertIntegerIn('ms (since 2026-01-01)', ms, MAX_MS);
  assertShard(shard);
  assertIntegerIn('sequence', sequence, MAX_SEQUENCE);
  return (BigInt(ms) << MS_SHIFT) | (BigInt(shard) << SHARD_SHIFT) | BigInt(sequence);
}

function assertIdValue(id: bigint): void {
  if (typeof id !== 'bigint' || id < 0n || id > MAX_ID) {
    throw new InvalidIdError(`id must be a bigint in 0..2^63-1, got ${describe(id)}`, id);
  }
}

export function decodeId(id: bigint): DecodedId {
  assertIdValue(id);
  const ms = Number(id >> MS_SHIFT);
  return {
    timestamp: new Date(EPOCH_MS + ms),
    ms,
    shard: shardOf(id),
    sequence: Number(id & BigInt(MAX_SEQUENCE)),
  };
}

/** Where the id's rows live. */
export function shardOf(id: bigint): number {
  assertIdValue(id);
  return Number((id >> SHARD_SHIFT) & BigInt(MAX_SHARD));
}

/** The JSON form of an id. */
export function formatId(id: bigint): string {
  assertIdValue(id);
  return id.toString(10);
}

const CANONICAL_POSITIVE_DECIMAL = /^[1-9][0-9]{0,18}$/;

/**
 * Parses an id from outside (URL, JSON). Only the exact form formatId writes for a real id is
 * accepted: no sign, no leading zeros, no spaces, no exponent, and never 0 (no allocator issues it,
 * and a 0 from a client is almost always an unset default). Anything else is an InvalidIdError.
 */
export function parseId(input: unknown): bigint {
  if (typeof input !== 'string') {
    throw new InvalidIdError(
      `id must be a string of decimal digits, got ${describe(input)}`,
      input,
    );
  }
  if (!CANONICAL_POSITIVE_DECIMAL.test(input)) {
    throw new InvalidIdError(
      `id must be a positive decimal integer without sign, spaces or leading zeros, got ${describe(input)}`,
      input,
    );
  }
  const id = BigInt(input);
  if (id > MAX_ID)
    throw new InvalidIdError(
      `id must be at most 2^63-1 (${MAX_ID}), got ${describe(input)}`,
      input,
    );
  return id;
}

/**
 * The smallest and largest possible ids of every shard whose time falls in [from, to] (inclusive,
 * millisecond precision), for `WHERE id BETWEEN min AND max`. Times outside the id space are
 * clamped to it; a window entirely outside it gives an empty range (min > max).
 */
export function idRangeForTime(from: Date, to: Date): IdRange {
  const fromMs = msSinceEpoch(from, 'from');
  const toMs = msSinceEpoch(to, 'to');
  if (fromMs > toMs)
    throw new RangeError(`from (${from.toISOString()}) is after to (${to.toISOString()})`);
  if (toMs < 0 || fromMs > MAX_MS) return { min: 1n, max: 0n };
  return {
    min: composeId({ ms: Math.max(fromMs, 0), shard: 0, sequence: 0 }),
    max: composeId({ ms: Math.min(toMs, MAX_MS), shard: MAX_SHARD, sequence: MAX_SEQUENCE }),
  };
}

function msSinceEpoch(date: Date, name: string): number {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError(
      `${name} must be a valid Date, got ${date instanceof Date ? 'Invalid Date' : describe(date)}`,
    );
  }
  return date.getTime() - EPOCH_MS;
}

/** For error messages: the type and a bounded preview, so a huge input cannot bloat a log line. */
function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'number' || typeof value === 'boolean')
    return `${typeof value} ${String(value)}`;
  return typeof value;
}
