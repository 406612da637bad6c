import { ShardMap, ShardMapConfigError, shardMapFromEnv } from './shard-map';

const A = 'postgres://h/a';
const B = 'postgres://h/b';

describe('ShardMap', () => {
  const map = new ShardMap({ logicalShards: 8, databases: [A, B] });

  it('names schemas zero-padded to four digits', () => {
    expect(map.schemaFor(0)).toBe('shard_0000');
    expect(map.schemaFor(7)).toBe('shard_0007');
    expect(new ShardMap({ logicalShards: 2048, databases: [A] }).schemaFor(2047)).toBe(
      'shard_2047',
    );
  });

  it('names another schema set beside the first, with the same layout', () => {
    const v2 = map.withSchemaSet('v2');
    expect(v2.schemaFor(7)).toBe('shard_0007_v2');
    expect(v2.schemasOn(1)).toEqual([
      'shard_0004_v2',
      'shard_0005_v2',
      'shard_0006_v2',
      'shard_0007_v2',
    ]);
    expect(v2.databaseFor(7)).toBe(map.databaseFor(7));
    expect(map.schemaFor(7)).toBe('shard_0007');
    expect(() => map.withSchemaSet('V2; DROP')).toThrow(ShardMapConfigError);
  });

  it('maps contiguous ranges onto databases', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((s) => map.databaseFor(s))).toEqual([
      0, 0, 0, 0, 1, 1, 1, 1,
    ]);
    expect(map.shardsOn(0)).toEqual([0, 1, 2, 3]);
    expect(map.shardsOn(1)).toEqual([4, 5, 6, 7]);
  });

  it('spreads 2048 shards over 3 databases with every shard placed exactly once', () => {
    const m = new ShardMap({ logicalShards: 2048, databases: [A, B, 'postgres://h/c'] });
    const sizes = [0, 1, 2].map((d) => m.shardsOn(d).length);
    expect(sizes.reduce((a, b) => a + b)).toBe(2048);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('rejects shards outside the map', () => {
    expect(() => map.schemaFor(8)).toThrow(RangeError);
    expect(() => map.databaseFor(-1)).toThrow(RangeError);
    expect(() => map.shardsOn(2)).toThrow(RangeError);
  });

  it.each([
    [{ logicalShards: 8, databases: [] }, /at least one database/],
    [{ logicalShards: 0, databases: [A] }, /1\.\.8192/],
    [{ logicalShards: 8193, databases: [A] }, /1\.\.8192/],
    [{ logicalShards: 1.5, databases: [A] }, /1\.\.8192/],
    [{ logicalShards: 8, databases: [A, A] }, /listed twice/],
    [{ logicalShards: 1, databases: [A, B] }, /empty/],
  ])('rejects bad config %p', (config, message) => {
    expect(() => new ShardMap(config)).toThrow(ShardMapConfigError);
    expect(() => new ShardMap(config)).toThrow(message);
  });
});

describe('shardMapFromEnv', () => {
  it('defaults to DATABASE_URL and 2048 shards', () => {
    const m = shardMapFromEnv({ DATABASE_URL: A });
    expect(m.databases).toEqual([A]);
    expect(m.logicalShards).toBe(2048);
  });

  it('reads SHARD_DATABASE_URLS and SHARD_COUNT', () => {
    const m = shardMapFromEnv({
      DATABASE_URL: 'x',
      SHARD_DATABASE_URLS: ` ${A}, ${B} `,
      SHARD_COUNT: '8',
    });
    expect(m.databases).toEqual([A, B]);
    expect(m.logicalShards).toBe(8);
  });

  it('says what is wrong', () => {
    expect(() => shardMapFromEnv({})).toThrow(/SHARD_DATABASE_URLS/);
    expect(() => shardMapFromEnv({ DATABASE_URL: A, SHARD_COUNT: 'lots' })).toThrow(/SHARD_COUNT/);
  });
});
