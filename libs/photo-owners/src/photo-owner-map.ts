import { formatId } from '@photofeed/ids';
import type Redis from 'ioredis';
import { bucketField, bucketKey, decodeOwner } from './layout';
import { execOrThrow } from './redis-exec';

/** Reads the photo-owners view: whose photo is this, for many photos in one round trip. */
export class PhotoOwnerMap {
  constructor(
    private readonly redis: Redis,
    private readonly options: { keyPrefix: string },
  ) {}

  /** photo id → owner id (decimal strings); photos the view does not hold are absent. */
  async ownerOf(photoIds: readonly bigint[]): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    if (photoIds.length === 0) return owners;
    // formatId first: an id outside the id space is refused before anything is sent.
    const names = photoIds.map((id) => formatId(id));
    const pipeline = this.redis.pipeline();
    for (const id of photoIds)
      pipeline.hgetBuffer(bucketKey(this.options.keyPrefix, id), bucketField(id));
    const values = await execOrThrow(pipeline);
    photoIds.forEach((id, i) => {
      const value = values[i];
      if (Buffer.isBuffer(value)) owners.set(names[i], formatId(decodeOwner(id, value)));
    });
    return owners;
  }
}
