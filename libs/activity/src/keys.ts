import type { LogPosition } from '@photofeed/event-store';

/**
 * Redis keys of the activity feed. Every key of one user carries the user id as a hash tag
 * (`{<userId>}`), so all of them live in one Redis Cluster slot: the projection's scripts touch
 * the groups of a user that they find in its index, which Redis only allows within one slot.
 *
 * - `<keyPrefix>{u}:g`        sorted set: group id → the group's newest actor time (ms)
 * - `<keyPrefix>{u}:a:<group>` sorted set: actor id → that actor's event time (ms)
 * - `<keyPrefix>{u}:at`       the log position of the last event applied to the user
 * - `<stateKeyPrefix>{u}:seen` the newest group time the user has marked seen (ms). Not derived
 *   from the log, so it lives outside the versioned prefix and a rebuilt view still sees it.
 */

export const groupIndexKey = (keyPrefix: string, userId: string): string =>
  `${keyPrefix}{${userId}}:g`;

/** Actor-set keys are this followed by the group id. */
export const actorsKeyPrefix = (keyPrefix: string, userId: string): string =>
  `${keyPrefix}{${userId}}:a:`;

export const actorsKey = (keyPrefix: string, userId: string, groupId: string): string =>
  `${actorsKeyPrefix(keyPrefix, userId)}${groupId}`;

export const appliedKey = (keyPrefix: string, userId: string): string =>
  `${keyPrefix}{${userId}}:at`;

export const seenKey = (stateKeyPrefix: string, userId: string): string =>
  `${stateKeyPrefix}{${userId}}:seen`;

/**
 * A log position as text whose byte order is the log's order (each part 20 digits: the most a
 * 64-bit unsigned integer takes), so a script can compare two without big-integer arithmetic.
 */
export function positionStamp(position: LogPosition): string {
  const part = (n: bigint) => {
    if (n < 0n || n >= 1n << 64n) throw new RangeError(`log position part out of range: ${n}`);
    return n.toString().padStart(20, '0');
  };
  return `${part(position.tx)}-${part(position.seq)}`;
}
