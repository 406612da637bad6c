import type { Socket } from 'node:net';
import { Client, type Response, type Server } from 'memjs';
import { encodeFrames, type MemcachedFrame } from './memcached-frames';

/**
 * Multi-key memcached operations in one round trip per server, on memjs's connections.
 *
 * memjs 1.3 has no getMulti (every `get` is a request and a response of its own), so this speaks
 * the binary protocol's quiet commands itself: GETKQ answers only hits, SETQ/ADDQ/DELETEQ only
 * failures, and a trailing NOOP answers last, so when the NOOP comes back every answer is in. All
 * of it is written at once, under one opaque, with a handler marked `quiet` so memjs keeps it until
 * the empty-bodied NOOP reply (the way memjs's own `stats` collects many replies).
 */

export const OPCODES = {
  GETKQ: 0x0d,
  SETQ: 0x11,
  ADDQ: 0x12,
  DELETEQ: 0x14,
  NOOP: 0x0a,
} as const;

const STATUS = { OK: 0x00, KEY_NOT_FOUND: 0x01, KEY_EXISTS: 0x02, NOT_STORED: 0x05 } as const;

export interface MemcachedEntry {
  key: string;
  value: string;
}

type Request = MemcachedFrame;

const NO_EXTRAS = Buffer.alloc(0);
const NOOP: Request = { opcode: OPCODES.NOOP, key: '', extras: NO_EXTRAS, value: '' };

type QuietHandler = ((response: Response) => void) & { quiet?: boolean };

export class MemcachedPipeline {
  constructor(
    private readonly client: Client,
    /** Upper bound on one pipeline, beyond memjs's own socket timeouts. */
    private readonly timeoutMs = 2_000,
  ) {}

  /** Hits only: a missing key is absent from the map. */
  async getMany(keys: readonly string[]): Promise<Map<string, Buffer>> {
    const replies = await this.run(
      keys.map((key) => ({ key, opcode: OPCODES.GETKQ, extras: NO_EXTRAS, value: '' })),
    );
    const hits = new Map<string, Buffer>();
    for (const r of replies)
      if (r.header.opcode === OPCODES.GETKQ && r.header.status === STATUS.OK)
        hits.set(r.key.toString(), r.val);
    return hits;
  }

  /** Stores every entry, overwriting. Throws if the server refused any. */
  async setMany(entries: readonly MemcachedEntry[], ttlSeconds: number): Promise<void> {
    const replies = await this.run(this.stores(OPCODES.SETQ, entries, ttlSeconds));
    if (replies.length > 0) throw refused('SETQ', replies);
  }

  /** Stores entries whose key is absent, never overwriting; returns how many were stored. */
  async addMany(entries: readonly MemcachedEntry[], ttlSeconds: number): Promise<number> {
    const replies = await this.run(this.stores(OPCODES.ADDQ, entries, ttlSeconds));
    const unexpected = replies.filter(
      (r) => r.header.status !== STATUS.KEY_EXISTS && r.header.status !== STATUS.NOT_STORED,
    );
    if (unexpected.length > 0) throw refused('ADDQ', unexpected);
    return entries.length - replies.length;
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    const replies = await this.run(
      keys.map((key) => ({ key, opcode: OPCODES.DELETEQ, extras: NO_EXTRAS, value: '' })),
    );
    const unexpected = replies.filter((r) => r.header.status !== STATUS.KEY_NOT_FOUND);
    if (unexpected.length > 0) throw refused('DELETEQ', unexpected);
  }

  private stores(opcode: number, entries: readonly MemcachedEntry[], ttl: number): Request[] {
    const extras = Buffer.alloc(8); // flags (0), expiration in seconds
    extras.writeUInt32BE(ttl, 4);
    return entries.map(({ key, value }) => ({ key, opcode, extras, value }));
  }

  /** Sends the requests, grouped per server, each group in one write; every reply but the NOOPs. */
  private async run(requests: readonly Request[]): Promise<Response[]> {
    if (requests.length === 0) return [];
    const groups = new Map<Server, Request[]>();
    for (const request of requests) {
      const server = this.client.server(request.key);
      if (!server) throw new Error('memcached: no server available');
      let group = groups.get(server);
      if (!group) groups.set(server, (group = []));
      group.push(request);
    }
    const replies = await Promise.all(
      [...groups].map(([server, group]) => this.send(server, group)),
    );
    return replies.flat();
  }

  private send(server: Server, requests: readonly Request[]): Promise<Response[]> {
    this.client.incrSeq();
    const seq = this.client.seq;
    const buffer = encodeFrames([...requests, NOOP], seq);
    return new Promise<Response[]>((resolve, reject) => {
      const replies: Response[] = [];
      const timer = setTimeout(() => {
        // Unregister, so a late reply cannot resolve anything.
        delete server.responseCallbacks[seq];
        delete server.errorCallbacks[seq];
        reject(
          new Error(
            `memcached: no reply from ${server.host}:${server.port} in ${this.timeoutMs} ms`,
          ),
        );
      }, this.timeoutMs);
      const handler: QuietHandler = (response) => {
        if (response.header.opcode !== OPCODES.NOOP) return void replies.push(response);
        clearTimeout(timer);
        resolve(replies);
      };
      handler.quiet = true;
      server.onResponse(seq, handler);
      server.onError(seq, (err) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      });
      corkUntilNextTick(server);
      server.write(buffer);
    });
  }
}

/** memjs's connection of a server, once it has one (not in memjs's types). */
type ServerSocket = Server & { _socket?: Socket };
const corked = new WeakSet<Socket>();

/**
 * The pipelines started in one tick leave in one write: a feed read asks for its photos and their
 * owners side by side, and concurrent requests often meet in the same tick. Node's own pattern:
 * cork, write, uncork on the next tick (the writes then go out as one writev).
 */
function corkUntilNextTick(server: Server): void {
  const socket = (server as ServerSocket)._socket;
  if (!socket || corked.has(socket)) return;
  corked.add(socket);
  socket.cork();
  process.nextTick(() => {
    corked.delete(socket);
    socket.uncork();
  });
}

function refused(command: string, replies: readonly Response[]): Error {
  const first = replies[0];
  return new Error(
    `memcached ${command} refused ${replies.length} key(s), e.g. ${first.key.toString()}: ` +
      `status ${first.header.status} ${first.val.toString()}`,
  );
}

/** A memjs client for documents: short timeouts, no retries (a read falls back to the shards). */
export function createMemcachedClient(servers: string, timeoutSeconds = 0.5): Client {
  return Client.create(servers, {
    timeout: timeoutSeconds,
    conntimeout: timeoutSeconds * 2,
    retries: 1,
    keepAlive: true,
    logger: { log: () => undefined },
  });
}
