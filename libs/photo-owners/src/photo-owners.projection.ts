import type { PhotoDeleted, PhotoPosted } from '@photofeed/domain';
import type { RecordedEvent } from '@photofeed/event-store';
import { parseId } from '@photofeed/ids';
import type { RedisProjection } from '@photofeed/projections';
import type Redis from 'ioredis';
import { bucketField, bucketKey, encodeOwner } from './layout';
import { execOrThrow } from './redis-exec';

export interface PhotoOwnersOptions {
  /** Every key starts with this; production: `photo-owners:v1:`. */
  keyPrefix: string;
}

const EVENT_TYPES = ['PhotoPosted', 'PhotoDeleted'] as const;

/**
 * photo id → owner id, in compact Redis hashes (see layout.ts). HSET of a pair and HDEL of a photo
 * are both idempotent, and applied in log order, so re-applying a suffix of the log changes nothing.
 */
export function photoOwnersProjection(redis: Redis, options: PhotoOwnersOptions): RedisProjection {
  const { keyPrefix } = options;
  return {
    kind: 'redis',
    name: 'photo-owners',
    version: 1,
    filter: { eventTypes: EVENT_TYPES },
    async handle(events: RecordedEvent[]): Promise<void> {
      const pipeline = redis.pipeline();
      for (const event of events) {
        if (event.type === 'PhotoPosted') {
          const data = event.data as PhotoPosted['data'];
          const photoId = parseId(data.photoId);
          pipeline.hset(
            bucketKey(keyPrefix, photoId),
            bucketField(photoId),
            encodeOwner(photoId, parseId(data.ownerId)),
          );
        } else if (event.type === 'PhotoDeleted') {
          const photoId = parseId((event.data as PhotoDeleted['data']).photoId);
          pipeline.hdel(bucketKey(keyPrefix, photoId), bucketField(photoId));
        }
      }
      if (pipeline.length > 0) await execOrThrow(pipeline);
    },
  };
}
