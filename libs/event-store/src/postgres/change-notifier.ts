import { Client, type Pool } from 'pg';
import { NOTIFY, NOTIFY_CHANNEL } from './sql';

/**
 * Wakes subscribers when the log may have grown.
 *
 * Writers do not NOTIFY inside their append transaction: a transaction that notifies takes a
 * database-wide lock at commit, which would serialize every append's commit (and its WAL flush)
 * and defeat group commit. Instead each process sends one NOTIFY after its appends commit,
 * coalesced: while one is in flight, any number of later appends cause at most one more.
 * A writer that dies between commit and NOTIFY only delays readers until their next poll.
 */
export class ChangeNotifier {
  private generation = 0;
  private readonly waiters = new Set<() => void>();
  private listener: Client | undefined;
  private listening: Promise<void> | undefined;
  private reconnectDelayMs = 100;
  private notifying = false;
  private notifyAgain = false;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly listenConnectionString: string | undefined,
  ) {}

  /** Changes whenever the log may have grown; compare before reading, wait after. */
  get current(): number {
    return this.generation;
  }

  /** Resolves when the generation moves past `seen`, after `timeoutMs`, or when `signal` aborts. */
  async waitForChange(seen: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    await this.listen();
    if (this.generation !== seen || signal?.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Called after an append committed: wakes local readers now, and other processes by NOTIFY. */
  poke(): void {
    this.bump();
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    void this.sendNotifies();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.bump();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private bump(): void {
    this.generation += 1;
    for (const wake of [...this.waiters]) wake();
  }

  private async sendNotifies(): Promise<void> {
    try {
      do {
        this.notifyAgain = false;
        if (this.closed) return;
        await this.pool.query(NOTIFY).catch(() => undefined);
      } while (this.notifyAgain);
    } finally {
      this.notifying = false;
    }
  }

  private listen(): Promise<void> {
    if (this.closed || !this.listenConnectionString) return Promise.resolve();
    this.listening ??= this.connectListener().catch(() => this.scheduleReconnect());
    return this.listening;
  }

  private async connectListener(): Promise<void> {
    const client = new Client({ connectionString: this.listenConnectionString });
    client.on('notification', () => this.bump());
    client.on('error', () => this.onListenerLost(client));
    client.on('end', () => this.onListenerLost(client));
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
    this.reconnectDelayMs = 100;
    // Anything appended while we were not listening: let readers look once.
    this.bump();
  }

  private onListenerLost(client: Client): void {
    if (this.listener !== client || this.closed) return;
    this.listener = undefined;
    this.scheduleReconnect();
  }

  /** Readers keep polling meanwhile; the listener comes back with backoff. */
  private scheduleReconnect(): void {
    this.listening = undefined;
    if (this.closed) return;
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(delay * 2, 5_000);
    setTimeout(() => void this.listen(), delay).unref();
  }
}
