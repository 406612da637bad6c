import { resolveHomeFeedOptions } from './options';

describe('home-feed options', () => {
  const prefixes = { keyPrefix: 'home-feed:v1:', stateKeyPrefix: 'home-feed:' };

  it('fills in the defaults of the definition and of the work', () => {
    const resolved = resolveHomeFeedOptions(prefixes);
    expect(resolved).toMatchObject({
      capacity: 800,
      perAuthor: 100,
      celebrityFollowers: 100_000,
      inactiveAfterMs: 30 * 24 * 3600 * 1000,
      trimSlack: 100,
      fanOutChunk: 1000,
    });
    expect(resolved.now).toBe(Date.now);
  });

  it('refuses values the scripts cannot take', () => {
    expect(() => resolveHomeFeedOptions({ ...prefixes, capacity: 0 })).toThrow(RangeError);
    expect(() => resolveHomeFeedOptions({ ...prefixes, perAuthor: 1.5 })).toThrow(RangeError);
    expect(() => resolveHomeFeedOptions({ ...prefixes, perAuthor: 1001 })).toThrow(RangeError);
    expect(() => resolveHomeFeedOptions({ ...prefixes, fanOutChunk: 5001 })).toThrow(RangeError);
    expect(() => resolveHomeFeedOptions({ ...prefixes, inactiveAfterMs: 0 })).toThrow(RangeError);
    expect(() => resolveHomeFeedOptions({ ...prefixes, stateKeyPrefix: '' })).toThrow(RangeError);
  });
});
