import { encodeMember } from '../keys';
import { mergeNewest } from './merge';

describe('mergeNewest', () => {
  const m = (id: bigint, author = '1') => encodeMember(id, author);
  const big = 2n ** 60n;

  it('merges newest first by exact 64-bit id, dropping duplicates, up to the limit', () => {
    const stored = [m(big + 9n), m(big + 4n), m(big + 1n)];
    const celebrities = [m(big + 8n, '2'), m(big + 4n), m(big + 2n, '2'), m(big + 7n, '3')];
    expect(mergeNewest([stored, celebrities], 10)).toEqual([
      m(big + 9n),
      m(big + 8n, '2'),
      m(big + 7n, '3'),
      m(big + 4n),
      m(big + 2n, '2'),
      m(big + 1n),
    ]);
    expect(mergeNewest([stored, celebrities], 3)).toEqual([
      m(big + 9n),
      m(big + 8n, '2'),
      m(big + 7n, '3'),
    ]);
  });

  it('orders ids of different lengths numerically', () => {
    expect(mergeNewest([[m(9n)], [m(10n)], [m(big)]], 5)).toEqual([m(big), m(10n), m(9n)]);
  });
});
