import { eventIdsFor } from './event-ids';

describe('eventIdsFor', () => {
  it('derives the same ids from the same scope and key, and different ids otherwise', () => {
    const a = eventIdsFor({ scope: 'user:1', key: 'k1' });
    const again = eventIdsFor({ scope: 'user:1', key: 'k1' });
    expect([a(0), a(1)]).toEqual([again(0), again(1)]);
    expect(a(0)).not.toBe(a(1));
    expect(eventIdsFor({ scope: 'user:2', key: 'k1' })(0)).not.toBe(a(0));
    expect(eventIdsFor({ scope: 'user:1', key: 'k2' })(0)).not.toBe(a(0));
  });

  it('gives fresh time-ordered ids without a key', () => {
    const next = eventIdsFor(undefined);
    const [x, y] = [next(0), next(0)];
    expect(x).not.toBe(y);
    expect(x[14]).toBe('7'); // UUID version nibble
  });
});
