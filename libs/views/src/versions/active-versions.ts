import { Client, type Pool } from 'pg';
import { versionSetKey, type VersionSet } from './view-names';
import { VIEW_VERSIONS_CHANNEL, ViewVersionStore } from './view-version-store';

export interface ActiveVersionsOptions {
  /** Straight to Postgres for LISTEN (pgbouncer in transaction mode cannot carry it). */
  listenConnectionString?: string;
  /** Reads the table this often too, in case a notification is lost. Default 1 s. */
  pollMs?: number;
}

/**
 * The active version of every view, as this process knows it: read at start, then kept current by
 * `view_versions` notifications (one LISTEN connection) and a poll. Readers take `current()` per
 * request, so each request reads one version of each view; projectors reconcile on `onChange`.
 */
export class ActiveViewVersions {
  private readonly store: ViewVersionStore;
  private versions: VersionSet | null = null;
  private readonly listeners = new Set<(set: VersionSet) => void>();
  private listener: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private closed = false;

  constructor(
    pool: Pool,
    private readonly options: ActiveVersionsOptions = {},
  ) {
    this.store = new ViewVersionStore(pool);
  }

  /** Reads the versions and starts following changes. */
  async start(): Promise<VersionSet> {
    await this.refresh();
    await this.listen();
    this.timer = setInterval(() => {
      void this.refresh();
      if (!this.listener) void this.listen();
    }, this.options.pollMs ?? 1_000);
    this.timer.unref();
    return this.current();
  }

  current(): VersionSet {
    if (!this.versions) throw new Error('ActiveViewVersions.start() has not run');
    return this.versions;
  }

  /** Called with the new set after every change (not at start). */
  onChange(listener: (set: VersionSet) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads now (coalesced): after a switch this process made itself, say. */
  refresh(): Promise<void> {
    this.reading ??= this.read().finally(() => (this.reading = null));
    return this.reading;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.reading;
  }

  private async read(): Promise<void> {
    if (this.closed) return;
    let next: VersionSet;
    try {
      next = await this.store.activeSet();
    } catch (error) {
      if (!this.versions) throw error; // at start: the caller must know
      return; // later: keep serving what we know; the next poll tries again
    }
    const changed = this.versions !== null && versionSetKey(next) !== versionSetKey(this.versions);
    this.versions = next;
    if (changed) for (const listener of this.listeners) listener(next);
  }

  private async listen(): Promise<void> {
    if (this.closed || !this.options.listenConnectionString) return;
    const client = new Client({ connectionString: this.options.listenConnectionString });
    const lost = () => {
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => undefined);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (msg) => {
      if (msg.channel === VIEW_VERSIONS_CHANNEL) void this.refresh();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${VIEW_VERSIONS_CHANNEL}`);
    } catch {
      lost();
      return; // polling covers it; the next tick tries again
    }
    if (this.closed) return void client.end().catch(() => undefined);
    this.listener = client;
    // A switch committed before LISTEN took effect is in the table now.
    await this.refresh();
  }
}
