import { Client, type Pool, type PoolClient } from 'pg';
import type { ProjectionKey } from '../checkpoint-sql';
import {
  CHECKPOINT_CHANNEL,
  decodeCheckpointPayload,
  type CheckpointMove,
} from './checkpoint-payload';

const READ_CHECKPOINTS = `SELECT name, version, tx::text AS tx, seq::text AS seq
  FROM projection_checkpoints
 WHERE (name, version) IN (SELECT * FROM unnest($1::text[], $2::int[]))`;

/**
 * One database's checkpoints, for ProjectionPositions: one LISTEN connection (notifications carry
 * the committed checkpoints), and coalesced reads of the table when a payload is missing, after
 * (re)connecting, or when asked to poll. Failures are swallowed: the caller's polling and
 * timeouts cover a database that is down.
 */
export class CheckpointListener {
  private listener: Client | PoolClient | null = null;
  private readonly direct: boolean;
  private listening: Promise<void> | null = null;
  private reading: Promise<void> | null = null;
  private readAgain = false;
  private reconnectDelayMs = 100;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly keys: ProjectionKey[],
    private readonly onCheckpoints: (moves: CheckpointMove[]) => void,
    /** A direct connection for LISTEN (pgbouncer in transaction mode cannot carry one). */
    private readonly listenConnectionString?: string,
  ) {
    this.direct = listenConnectionString !== undefined;
  }

  /** LISTEN is in place: every checkpoint committed from now on will be announced. */
  get connected(): boolean {
    return this.listener !== null;
  }

  /**
   * Resolves once LISTEN is in place (or failed to be: polling covers it until it reconnects).
   * Read after it: a checkpoint committed before LISTEN took effect is then in the table.
   */
  listen(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.listening ??= this.connect().catch(() => this.scheduleReconnect());
    return this.listening;
  }

  /** Reads the checkpoints; concurrent callers share one read (and at most one more after it). */
  read(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = this.readWhileAsked().finally(() => (this.reading = null));
    return this.reading;
  }

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = null;
    if (listener) await this.disconnect(listener);
    await this.reading;
  }

  private async readWhileAsked(): Promise<void> {
    do {
      this.readAgain = false;
      if (this.closed) return;
      try {
        const { rows } = await this.pool.query<{
          name: string;
          version: number;
          tx: string;
          seq: string;
        }>(READ_CHECKPOINTS, [this.keys.map((k) => k.name), this.keys.map((k) => k.version)]);
        this.onCheckpoints(
          rows.map((r) => ({
            name: r.name,
            version: r.version,
            position: { tx: BigInt(r.tx), seq: BigInt(r.seq) },
          })),
        );
      } catch {
        // The next poll tries again.
      }
    } while (this.readAgain);
  }

  private async connect(): Promise<void> {
    const client = this.direct
      ? new Client({ connectionString: this.listenConnectionString })
      : await this.pool.connect();
    client.on('notification', (msg) => {
      if (msg.channel !== CHECKPOINT_CHANNEL) return;
      const moves = decodeCheckpointPayload(msg.payload);
      if (moves) this.onCheckpoints(moves);
      else void this.read();
    });
    client.on('error', () => this.lost(client));
    try {
      if (this.direct) {
        client.on('end', () => this.lost(client));
        await (client as Client).connect();
      }
      await client.query(`LISTEN ${CHECKPOINT_CHANNEL}`);
    } catch (err) {
      await this.disconnect(client, err as Error);
      throw err;
    }
    if (this.closed) return this.disconnect(client);
    this.listener = client;
    this.reconnectDelayMs = 100;
  }

  private lost(client: Client | PoolClient): void {
    if (this.listener !== client || this.closed) return;
    this.listener = null;
    void this.disconnect(client, new Error('listener connection lost'));
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.listening = null;
    if (this.closed) return;
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(delay * 2, 5_000);
    // Then read whatever moved while nobody listened.
    setTimeout(() => void this.listen().then(() => this.read()), delay).unref();
  }

  /** A pooled client that LISTENed must not go back to the pool: destroy it. */
  private async disconnect(client: Client | PoolClient, err?: Error): Promise<void> {
    if (this.direct) await (client as Client).end().catch(() => undefined);
    else (client as PoolClient).release(err ?? true);
  }
}
