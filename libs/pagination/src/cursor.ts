/**
 * Opaque page cursors. A cursor is base64url of `<kind>:<value>`: clients must not build or read
 * them, and a cursor of one list handed to another (or mangled) is refused with a clear error
 * instead of silently starting elsewhere. Pure code, no I/O.
 */

/** A page of a list, newest first unless the list says otherwise. `nextCursor` null = the end. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Bad input from a client: the API answers 400 with a problem+json body. */
export class InvalidCursorError extends Error {
  constructor(readonly cursor: string) {
    super('cursor is not one this list handed out');
    this.name = 'InvalidCursorError';
  }
}

const KIND = /^[a-z][a-z0-9-]{0,31}$/;
const MAX_CURSOR_LENGTH = 512;

export function encodeCursor(kind: string, value: string): string {
  if (!KIND.test(kind)) throw new Error(`bad cursor kind: ${kind}`);
  return Buffer.from(`${kind}:${value}`, 'utf8').toString('base64url');
}

/** The value encoded for `kind`; throws InvalidCursorError for anything else. */
export function decodeCursor(kind: string, cursor: string): string {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor))
    throw new InvalidCursorError(cursor);
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  if (!text.startsWith(prefix)) throw new InvalidCursorError(cursor);
  return text.slice(prefix.length);
}

/** A cursor carrying one non-negative 64-bit integer (an id, a log sequence): the common case. */
export function encodeBigIntCursor(kind: string, value: bigint): string {
  return encodeCursor(kind, value.toString());
}

export function decodeBigIntCursor(kind: string, cursor: string): bigint {
  const value = decodeCursor(kind, cursor);
  if (!/^\d{1,19}$/.test(value)) throw new InvalidCursorError(cursor);
  const n = BigInt(value);
  if (n > (1n << 63n) - 1n) throw new InvalidCursorError(cursor);
  return n;
}
