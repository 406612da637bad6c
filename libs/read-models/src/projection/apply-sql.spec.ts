import { applyStatements } from './apply-sql';
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
const like = {
  owner: '1',
  other: '2',
  op: 'insert' as const,
  at: '2026-03-01T00:00:00Z',
  position: '9',
};
const user = { userId: '1', username: 'a', displayName: 'A', bio: '', at: '2026-03-01T00:00:00Z' };

describe('applyStatements', () => {
  it('covers many schemas in one statement per phase, phases in dependency order', () => {
    const plans = new Map<string, SchemaPlan>([
      ['shard_0001', { ...empty, likes: [like], newUsers: [user] }],
      ['shard_0002', { ...empty, likes: [like] }],
      ['shard_0003', { ...empty, followers: [like] }],
    ]);
    const statements = applyStatements(plans);
    expect(statements).toHaveLength(3);
    const [users, likes, follows] = statements.map((s) => s.text);
    expect(users).toContain('INSERT INTO "shard_0001".users');
    expect(likes).toMatch(/"shard_0001"\.photo_likes[\s\S]*"shard_0002"\.photo_likes/);
    expect(likes).not.toContain('shard_0003');
    expect(follows).toContain('"shard_0003".followers');
    // Each input set travels as one jsonb parameter.
    expect(statements[1].values).toHaveLength(2);
    expect(JSON.parse(statements[1].values[0] as string)).toEqual([
      { owner: '1', other: '2', op: 'insert', at: like.at, position: '9' },
    ]);
  });

  it('splits a phase into chunks of schemasPerStatement', () => {
    const plans = new Map(
      Array.from({ length: 5 }, (_, i): [string, SchemaPlan] => [
        `shard_000${i}`,
        { ...empty, likes: [like] },
      ]),
    );
    expect(applyStatements(plans, 2)).toHaveLength(3);
    expect(applyStatements(plans, 1)).toHaveLength(5);
  });

  it('writes nothing for an empty plan, and refuses an unsafe schema name', () => {
    expect(applyStatements(new Map([['shard_0001', empty]]))).toEqual([]);
    expect(() => applyStatements(new Map([['x"; DROP', { ...empty, likes: [like] }]]))).toThrow(
      /unsafe identifier/,
    );
  });
});
