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

/** The jsonb argument of each apply_batch call in a query, by schema. */
function calls(query: string): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const call of query.split(';\n')) {
    const m = /^SELECT "(shard_\d+)"\.apply_batch\( ?E?'([\s\S]*)'::jsonb\)$/.exec(call);
    if (!m) throw new Error(`not an apply_batch call: ${call}`);
    const text = call.includes(" E'") ? m[2].replace(/\\\\/g, '\\') : m[2];
    out.set(m[1], JSON.parse(text.replace(/''/g, "'")) as Record<string, unknown>);
  }
  return out;
}

describe('applyQueries', () => {
  it("sends many schemas' calls in one query, each schema's rows in one call", () => {
    const queries = applyQueries(
      new Map<string, SchemaPlan>([
        ['shard_0001', { ...empty, likes: [op('insert')], newUsers: [user] }],
        ['shard_0002', { ...empty, followers: [op('delete')] }],
      ]),
    );
    expect(queries).toHaveLength(1);
    const bySchema = calls(queries[0]);
    expect([...bySchema.keys()]).toEqual(['shard_0001', 'shard_0002']);
    // Only the kinds of rows the plan has; apply_batch runs them in dependency order.
    expect(Object.keys(bySchema.get('shard_0001')!)).toEqual(['u', 'lp']);
    expect(bySchema.get('shard_0002')).toEqual({ fg: [{ owner: '1', other: '2' }] });
  });

  it('replaces a relation row as a (counted) delete, then a (counted) insert', () => {
    const [query] = applyQueries(
      new Map([['shard_0001', { ...empty, following: [op('replace')] }]]),
    );
    expect(calls(query).get('shard_0001')).toEqual({
      gg: [{ owner: '1', other: '2' }],
      gp: [{ owner: '1', other: '2', at: '2026-03-01T00:00:00Z', position: '9' }],
    });
  });

  it('escapes the data it inlines, and only ever prints deleted ids as digits', () => {
    const [query] = applyQueries(
      new Map([
        [
          'shard_0001',
          { ...empty, newUsers: [user], deletedPhotos: [{ photoId: '0042', ownerId: '1' }] },
        ],
      ]),
    );
    expect(query).toContain(
      `E'{"u":[{"user_id":"1","username":"o''brien","display_name":"A\\\\\\\\B"`,
    );
    expect(calls(query).get('shard_0001')).toMatchObject({
      u: [{ username: "o'brien", display_name: 'A\\B' }],
      pd: ['42'],
    });
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
