import {
  checkpointKey,
  decodeCheckpointPayload,
  encodeCheckpointPayload,
} from './checkpoint-payload';

describe('checkpoint notification payload', () => {
  it('round-trips the checkpoints of several projections', () => {
    const moves = [
      { name: 'home_feed', version: 2, position: { tx: 18446744073709551615n, seq: 7n } },
      { name: 'photo_owners', version: 1, position: { tx: 900n, seq: 12345678901234n } },
    ];
    expect(decodeCheckpointPayload(encodeCheckpointPayload(moves))).toEqual(moves);
  });

  it('sends the empty payload (read the table) when the moves would not fit in a NOTIFY', () => {
    const moves = Array.from({ length: 400 }, (_, i) => ({
      name: `projection_with_a_long_name_${i}`,
      version: 1,
      position: { tx: 10n ** 15n, seq: 10n ** 12n },
    }));
    expect(encodeCheckpointPayload(moves)).toBe('');
    expect(decodeCheckpointPayload('')).toBeNull();
  });

  it.each([
    ['not JSON', '{oops'],
    ['not a list', '{"a":1}'],
    ['a wrong tuple', '[["a","1","1-1"]]'],
    ['a bad position', '[["a",1,"12"]]'],
  ])('ignores %s (listeners then read the table)', (_label, payload) => {
    expect(decodeCheckpointPayload(payload)).toBeNull();
  });

  it('keys a projection by name and version', () => {
    expect(checkpointKey({ name: 'feed', version: 3 })).toBe('feed:v3');
  });
});
