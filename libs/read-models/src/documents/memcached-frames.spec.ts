import { Utils } from 'memjs';
import { encodeFrames, type MemcachedFrame } from './memcached-frames';

describe('encodeFrames', () => {
  it('writes byte for byte what memjs writes, frame after frame', () => {
    const ttl = Buffer.alloc(8);
    ttl.writeUInt32BE(86_400, 4);
    const frames: MemcachedFrame[] = [
      { opcode: 0x0d, key: 'rm:v1:p:123', extras: Buffer.alloc(0), value: '' },
      { opcode: 0x11, key: 'rm:v1:u:7', extras: ttl, value: '{"id":"7","bio":"ünïcødé ✓"}' },
      { opcode: 0x12, key: 'k', extras: ttl, value: 'x'.repeat(70_000) },
      { opcode: 0x0a, key: '', extras: Buffer.alloc(0), value: '' },
    ];
    const memjs = Buffer.concat(
      frames.map((f) => Utils.makeRequestBuffer(f.opcode, f.key, f.extras, f.value, 0xfedcba98)),
    );
    expect(encodeFrames(frames, 0xfedcba98).equals(memjs)).toBe(true);
  });

  it('encodes nothing as an empty buffer', () => {
    expect(encodeFrames([], 1).length).toBe(0);
  });
});
