import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the real memcached, for tests: it records the opcode of every binary
 * protocol request that goes through (so a test can count round trips), and can hold requests back
 * from a given opcode on until released (so a test can interleave a reader and a writer exactly).
 */
export class MemcachedProxy {
  /** Opcodes of the requests forwarded, in order. */
  readonly opcodes: number[] = [];
  private readonly sockets = new Set<Socket>();
  private holding: ((opcode: number) => boolean) | null = null;
  private held: { upstream: Socket; data: Buffer }[] = [];
  private onHeld: (() => void) | null = null;

  private readonly server: Server;
  private port = 0;

  private constructor(target: string) {
    const [host, port] = target.split(':');
    this.server = createServer((client) => this.connect(client, host, Number(port)));
  }

  /** `host:port` of the proxy, for the memcached client. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(target: string): Promise<MemcachedProxy> {
    const proxy = new MemcachedProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    const address = proxy.server.address();
    if (!address || typeof address === 'string') throw new Error('proxy has no port');
    proxy.port = address.port;
    return proxy;
  }

  /** Holds every request from the first one whose opcode matches; resolves once one is held. */
  holdFrom(matches: (opcode: number) => boolean): Promise<void> {
    this.holding = matches;
    return new Promise((resolve) => (this.onHeld = resolve));
  }

  /** Forwards what was held and stops holding. */
  release(): void {
    this.holding = null;
    for (const { upstream, data } of this.held.splice(0)) upstream.write(data);
  }

  count(opcode: number): number {
    return this.opcodes.filter((o) => o === opcode).length;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private connect(client: Socket, host: string, port: number): void {
    const upstream = createConnection({ host, port, noDelay: true });
    client.setNoDelay(true);
    this.sockets.add(client).add(upstream);
    let pending = Buffer.alloc(0);
    let stalled = false;
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const forward: Buffer[] = [];
      // Whole packets only: 24-byte header, total body length at offset 8.
      while (pending.length >= 24 && pending.length >= 24 + pending.readUInt32BE(8)) {
        const size = 24 + pending.readUInt32BE(8);
        const packet = pending.subarray(0, size);
        pending = pending.subarray(size);
        const opcode = packet[1];
        this.opcodes.push(opcode);
        if (!stalled && this.holding?.(opcode)) {
          stalled = true;
          this.onHeld?.();
        }
        if (stalled && this.holding !== null) this.held.push({ upstream, data: packet });
        else forward.push(packet);
      }
      if (forward.length > 0) upstream.write(Buffer.concat(forward));
      if (this.holding === null) stalled = false;
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }
}
