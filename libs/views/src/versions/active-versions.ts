import { Client, type Pool } from 'pg';
import { versionSetKey, type VersionSet } from './view-names';
import { VIEW_VERSIONS_CHANNEL, ViewVersionStore } from './view-version-store';

/** The log database has not answered yet: which version to read is unknown. */
export class ViewVersionsUnknownError extends Error {
  constructor() {
    super('the active view versions are not known yet (is the log database reachable?)');
    this.name = 'ViewVersionsUnknownError';
  }
}

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
  private waiting: ((set: VersionSet) => void)[] = [];
  private closed = false;

  constructor(
    pool: Pool,
    private readonly options: ActiveVersionsOptions = {},
  ) {
    this.store = new ViewVersionStore(pool);
  }

  /**
   * Starts following the versions. Never fails: with the log database unreachable it keeps
   * trying (a process must start, and say it is not ready, during an outage); `ready()` resolves
   * once the versions are known, `current()` throws until then.
   */
  async start(): Promise<void> {
    if (this.timer) return;
    await this.refresh();
    await this.listen();
    this.timer = setInterval(() => {
      void this.refresh();
      if (!this.listener) void this.listen();
    }, this.options.pollMs ?? 1_000);
    this.timer.unref();
  }

  /** Resolves with the versions once they have been read (at once, usually). */
  ready(): Promise<VersionSet> {
    if (this.versions) return Promise.resolve(this.versions);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Whether the versions have been read. */
  get known(): boolean {
    return this.versions !== null;
  }

  current(): VersionSet {
    if (!this.versions) throw new ViewVersionsUnknownError();
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
    } catch {
      return; // keep serving what we know (or nothing yet); the next poll tries again
    }
    const changed = this.versions !== null && versionSetKey(next) !== versionSetKey(this.versions);
    this.versions = next;
    for (const resolve of this.waiting.splice(0)) resolve(next);
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
