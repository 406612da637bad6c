import type { EventStore } from '@photofeed/event-store';
import { ProjectorHost, type ProjectorHostOptions } from '@photofeed/projections';
import type { DocumentCache } from '@photofeed/read-models';
import { documentCache, viewDeployments } from '../view-catalogue';
import type { ViewClients, ViewSettings } from '../view-context';
import { ActiveViewVersions } from './active-versions';
import type { VersionSet } from './view-names';

export interface ActiveViewsProjectorOptions {
  store: EventStore;
  settings: ViewSettings;
  clients: ViewClients;
  /** Straight to the log database for LISTEN view_versions (pgbouncer cannot carry it). */
  listenConnectionString?: string;
  registry?: ProjectorHostOptions['registry'];
  runner?: ProjectorHostOptions['runner'];
  versionPollMs?: number;
}

/**
 * Keeps the active version of every view running in this process (the projector, or the api in
 * all-in-one mode): starts with what view_versions says and, when a rebuild switches a view,
 * hands its projections over to the new version (ProjectorHost.replace): the new one takes over
 * from the checkpoint the rebuild left, the old one stops and is then dropped by the rebuild.
 */
export class ActiveViewsProjector {
  readonly versions: ActiveViewVersions;
  private hostInstance: ProjectorHost | null = null;
  private readonly caches = new Map<number, DocumentCache>();
  private switching: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: ActiveViewsProjectorOptions) {
    this.versions = new ActiveViewVersions(options.clients.logPool, {
      listenConnectionString: options.listenConnectionString,
      pollMs: options.versionPollMs,
    });
  }

  get host(): ProjectorHost {
    if (!this.hostInstance) throw new Error('ActiveViewsProjector.start() has not run');
    return this.hostInstance;
  }

  /** The document cache of a version of the read models, shared with readers of this process. */
  documentCache(version: number): DocumentCache {
    let cache = this.caches.get(version);
    if (!cache) {
      cache = documentCache(this.options.settings, this.options.clients, version);
      this.caches.set(version, cache);
    }
    return cache;
  }

  /** Resolves once the versions are known (it waits for the log database) and runners started. */
  async start(): Promise<void> {
    await this.versions.start();
    const versions = await this.versions.ready();
    this.hostInstance = new ProjectorHost({
      store: this.options.store,
      deployments: this.deploymentsFor(versions),
      registry: this.options.registry,
      runner: this.options.runner,
    });
    this.unsubscribe = this.versions.onChange((set) => {
      this.switching = this.switching
        .then(() => this.host.replace(this.deploymentsFor(set)))
        .catch((error: unknown) => console.error('switching view versions:', error));
    });
    await this.hostInstance.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.versions.close();
    await this.switching;
    await this.hostInstance?.stop();
  }

  /** The switches seen so far have been applied (tests). */
  settled(): Promise<void> {
    return this.switching;
  }

  private deploymentsFor(set: VersionSet) {
    const { settings, clients } = this.options;
    return viewDeployments(settings, clients, this.documentCache(set['read-models']), set);
  }
}
