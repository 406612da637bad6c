import { eventIdsFor } from './event-ids';

describe('eventIdsFor', () => {
  it('derives the same ids from the same scope and key, and different ids otherwise', () => {
    const a = eventIdsFor({ scope: 'user:1', key: 'k1' });
    const again = eventIdsFor({ scope: 'user:1', key: 'k1' });
    expect([a('s-1', 0), a('s-1', 1)]).toEqual([again('s-1', 0), again('s-1', 1)]);
    expect(a('s-1', 0)).not.toBe(a('s-1', 1));
    expect(a('s-2', 0)).not.toBe(a('s-1', 0));
    expect(eventIdsFor({ scope: 'user:2', key: 'k1' })('s-1', 0)).not.toBe(a('s-1', 0));
    expect(eventIdsFor({ scope: 'user:1', key: 'k2' })('s-1', 0)).not.toBe(a('s-1', 0));
  });

  it('gives fresh time-ordered ids without a key', () => {
    const next = eventIdsFor(undefined);
    const [x, y] = [next('s-1', 0), next('s-1', 0)];
    expect(x).not.toBe(y);
    expect(x[14]).toBe('7'); // UUID version nibble
  });
});
