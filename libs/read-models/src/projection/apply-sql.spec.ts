import { applyQueries } from './apply-sql';
import type { SchemaPlan } from './schema-plan';

const empty: SchemaPlan = {
  newUsers: [],
  profileChanges: [],
  newPhotos: [],
  deletedPhotos: [],
  likes: [],
  followers: [],
  following: [],
};
const op = (o: 'insert' | 'replace' | 'delete') => ({
  owner: '1',
  other: '2',
  op: o,
  at: '2026-03-01T00:00:00Z',
  position: '9',
});
const user = {
  userId: '1',
  username: "o'brien",
  displayName: 'A\\B',
  bio: '',
  at: '2026-03-01T00:00:00Z',
};

describe('applyQueries', () => {
  it("sends many schemas' statements in one query, each schema's in dependency order", () => {
    const queries = applyQueries(
      new Map<string, SchemaPlan>([
        ['shard_0001', { ...empty, likes: [op('insert')], newUsers: [user] }],
        ['shard_0002', { ...empty, followers: [op('delete')] }],
      ]),
    );
    expect(queries).toHaveLength(1);
    const statements = queries[0].split(';\n');
    expect(
      statements.map((s) =>
        /(INSERT INTO|DELETE FROM) ("shard_\d+"\.\w+)/.exec(s)?.slice(1, 3).join(' '),
      ),
    ).toEqual([
      'INSERT INTO "shard_0001".users',
      'INSERT INTO "shard_0001".photo_likes',
      'DELETE FROM "shard_0002".followers',
    ]);
  });

  it('replaces a relation row as a counted delete, then a counted insert', () => {
    const [query] = applyQueries(
      new Map([['shard_0001', { ...empty, following: [op('replace')] }]]),
    );
    const [del, ins] = query.split(';\n');
    expect(del).toMatch(
      /DELETE FROM "shard_0001"\.following[\s\S]*following_count = c\.following_count - d\.n/,
    );
    expect(ins).toMatch(
      /INSERT INTO "shard_0001"\.following[\s\S]*following_count = c\.following_count \+ d\.n/,
    );
  });

  it('escapes the data it inlines, and only ever prints ids as digits', () => {
    const [query] = applyQueries(
      new Map([
        [
          'shard_0001',
          { ...empty, newUsers: [user], deletedPhotos: [{ photoId: '0042', ownerId: '1' }] },
        ],
      ]),
    );
    expect(query).toContain(`E'[{"user_id":"1","username":"o''brien","display_name":"A\\\\\\\\B"`);
    expect(query).toContain(`'{42}'::bigint[]`);
    expect(() =>
      applyQueries(
        new Map([
          ['shard_0001', { ...empty, deletedPhotos: [{ photoId: '1); DROP', ownerId: '1' }] }],
        ]),
      ),
    ).toThrow(SyntaxError);
  });

  it('splits into queries of schemasPerQuery schemas; nothing for empty plans; no unsafe schema', () => {
    const plans = new Map(
      Array.from({ length: 5 }, (_, i): [string, SchemaPlan] => [
        `shard_000${i}`,
        { ...empty, likes: [op('insert')] },
      ]),
    );
    expect(applyQueries(plans, 2)).toHaveLength(3);
    expect(applyQueries(new Map([['shard_0001', empty]]))).toEqual([]);
    expect(() =>
      applyQueries(new Map([['x"; DROP', { ...empty, likes: [op('insert')] }]])),
    ).toThrow(/unsafe identifier/);
  });
});
