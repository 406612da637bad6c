import type { RecordedEvent } from '@photofeed/event-store';
import type { RedisProjection } from '@photofeed/projections';
import type Redis from 'ioredis';
import { actorsKey, actorsKeyPrefix, appliedKey, groupIndexKey, positionStamp } from '../keys';
import { execScripts } from '../lua';
import { ACTIVITY_EVENT_TYPES, activityOps } from './activity-ops';
import { ADD, REMOVE_ACTOR, REMOVE_GROUPS, WRITE_SCRIPTS } from './scripts';

export interface ActivityProjectionOptions {
  /** Every key starts with this; production: `activity:v1:`. */
  keyPrefix: string;
  /** Groups kept per user, the newest. Default 200. */
  maxGroups?: number;
  /** Actors kept per group, the newest; a group's actorCount saturates here. Default 1000. */
  maxActorsPerGroup?: number;
}

/**
 * Per user, likes of their photos and new followers, grouped by kind, photo and UTC day of the
 * event's own time, newest group first. Re-applying any suffix of the log is a no-op (scripts.ts).
 */
export function activityProjection(
  redis: Redis,
  options: ActivityProjectionOptions,
): RedisProjection {
  const { keyPrefix } = options;
  const maxGroups = positive('maxGroups', options.maxGroups ?? 200);
  const maxActors = positive('maxActorsPerGroup', options.maxActorsPerGroup ?? 1000);
  return {
    kind: 'redis',
    name: 'activity',
    version: 1,
    filter: { eventTypes: ACTIVITY_EVENT_TYPES },
    async handle(events: RecordedEvent[]): Promise<void> {
      const ops = events.flatMap((event) =>
        activityOps(event).map((op) => ({ ...op, position: positionStamp(event.position) })),
      );
      if (ops.length === 0) return;
      await execScripts(redis, WRITE_SCRIPTS, (pipeline) => {
        for (const op of ops) {
          const index = groupIndexKey(keyPrefix, op.userId);
          const applied = appliedKey(keyPrefix, op.userId);
          const actorsPrefix = actorsKeyPrefix(keyPrefix, op.userId);
          switch (op.op) {
            case 'add':
              pipeline.evalsha(
                ADD.sha,
                3,
                index,
                applied,
                actorsKey(keyPrefix, op.userId, op.groupId),
                op.position,
                op.groupId,
                op.actorId,
                op.atMs,
                maxGroups,
                maxActors,
                actorsPrefix,
              );
              break;
            case 'remove-actor':
              pipeline.evalsha(
                REMOVE_ACTOR.sha,
                2,
                index,
                applied,
                op.position,
                op.groupsPrefix,
                op.actorId,
                actorsPrefix,
              );
              break;
            case 'remove-groups':
              pipeline.evalsha(
                REMOVE_GROUPS.sha,
                2,
                index,
                applied,
                op.position,
                op.groupsPrefix,
                actorsPrefix,
              );
              break;
          }
        }
      });
    },
  };
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
