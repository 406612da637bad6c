import { eventIdsFor } from '@photofeed/command-handling';
import { SeedTags } from './seed-tags';

const id = { seed: 7, batch: 2, users: 30, photosPerUser: 3 };

describe('SeedTags', () => {
  it('reads the batch and its sizes back from any of its correlation ids', () => {
    const tags = new SeedTags(id);
    for (const context of [tags.register(0), tags.photo(4, 1), tags.like(3, 17)])
      expect(SeedTags.parse(context.correlationId)).toEqual(id);
    expect(SeedTags.parse('req-123')).toBeUndefined();
    expect(SeedTags.parse(undefined)).toBeUndefined();
  });

  it('gives every step its own idempotency key, the same on every run', () => {
    const tags = new SeedTags(id);
    const keys = [
      tags.register(1),
      tags.profile(1),
      tags.follow(1, 2),
      tags.follow(2, 1),
      tags.photo(1, 0),
      tags.like(1, 0),
    ].map((c) => c.idempotency!.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new SeedTags(id).follow(1, 2)).toEqual(tags.follow(1, 2));
    // Same key → same event ids: a re-run's append is the original one, not a second event.
    const again = eventIdsFor(new SeedTags(id).like(1, 0).idempotency);
    expect(again('like-1-2', 0)).toBe(eventIdsFor(tags.like(1, 0).idempotency)('like-1-2', 0));
  });

  it('puts every photo under the prefix the resume scan looks for, and nothing else', () => {
    const tags = new SeedTags(id);
    expect(tags.photo(3, 2).correlationId.startsWith(tags.photoPrefix)).toBe(true);
    expect(tags.like(3, 2).correlationId.startsWith(tags.photoPrefix)).toBe(false);
    const otherBatch = new SeedTags({ ...id, batch: 3 });
    expect(otherBatch.photo(3, 2).correlationId.startsWith(tags.photoPrefix)).toBe(false);
  });
});
