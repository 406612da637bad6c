/**
 * Binary-protocol request frames, a whole pipeline in one buffer. memjs's makeRequestBuffer builds
 * each frame from three to five zero-filled buffers (key, extras, value, header, frame); on a feed
 * read (40 keys) that was most of the cost of asking memcached at all.
 */

const MAGIC_REQUEST = 0x80;
const HEADER_BYTES = 24;

export interface MemcachedFrame {
  opcode: number;
  key: string;
  /** Flags and expiration of a store; empty otherwise. */
  extras: Buffer;
  value: string;
}

/** The frames, in order, each with `opaque` (memjs routes the replies by it). */
export function encodeFrames(frames: readonly MemcachedFrame[], opaque: number): Buffer {
  let size = 0;
  const lengths = frames.map((f) => {
    const key = Buffer.byteLength(f.key);
    const value = Buffer.byteLength(f.value);
    size += HEADER_BYTES + f.extras.length + key + value;
    return { key, value };
  });
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  frames.forEach((f, i) => {
    const { key, value } = lengths[i];
    out[at] = MAGIC_REQUEST;
    out[at + 1] = f.opcode;
    out.writeUInt16BE(key, at + 2);
    out[at + 4] = f.extras.length;
    out[at + 5] = 0; // data type
    out.writeUInt16BE(0, at + 6); // vbucket
    out.writeUInt32BE(f.extras.length + key + value, at + 8);
    out.writeUInt32BE(opaque, at + 12);
    out.fill(0, at + 16, at + HEADER_BYTES); // cas
    at += HEADER_BYTES;
    at += f.extras.copy(out, at);
    at += out.write(f.key, at);
    at += out.write(f.value, at);
  });
  return out;
}
