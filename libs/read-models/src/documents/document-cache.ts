import type { ShardBatch, ShardRouter } from '@photofeed/shards';
import type { Client } from 'memjs';
import { documentKey, type DocumentKind, type PhotoDocument, type UserDocument } from './documents';
import {
  loadDocuments,
  selectPhotoDocuments,
  selectUserDocuments,
  type Queryable,
} from './load-documents';
import { MemcachedHealth, type CacheLogger } from './memcached-health';
import { MemcachedPipeline } from './memcached-pipeline';
import { ParsedDocuments } from './parsed-documents';

export interface DocumentCacheOptions {
  shards: ShardRouter;
  memcached: Client;
  /** Every key starts with it (production: the view's name and version; tests: testKeyPrefix). */
  keyPrefix: string;
  /** Bounds how long a value can be stale if a write-through is ever lost. Default one day. */
  ttlSeconds?: number;
  /** After a memcached failure, reads go straight to the shards this long. Default 5 s. */
  retryAfterMs?: number;
  /**
   * How many parsed documents to reuse while memcached answers the same bytes (ParsedDocuments).
   * Default 10,000; 0: parse every answer.
   */
  parsedDocuments?: number;
  logger?: CacheLogger;
}

/** Fresh documents from the projection, after the transaction that changed their rows committed. */
export interface DocumentChanges {
  users?: readonly UserDocument[];
  photos?: readonly PhotoDocument[];
  deletedPhotoIds?: readonly string[];
}

interface Document {
  id: string;
}

/**
 * Users and photos by id: one memcached multi-get, misses read from the shards (one query per
 * database, a `= ANY` per schema) and added back, with a TTL.
 *
 * Who writes what, and why: the projection *sets* the fresh document of every row it changed,
 * after commit (write-through), and deletes the documents of rows it removed; readers only *add*
 * what they missed (add = store only if absent). The usual alternative, the writer deleting the key
 * and readers setting what they read, has a stale-fill race: a reader misses and reads the old row,
 * the writer commits and deletes the key, then the reader sets the old row, and that stale value
 * stays until the TTL. Here the late reader's add fails because the writer's set is already there;
 * and if the reader adds first, the writer's set overwrites it. What is left: a key evicted (or a
 * write-through lost to a memcached outage) between the writer's set and a late add, whose stale
 * value the TTL bounds.
 *
 * memcached failing never fails a read: the documents come from the shards (logged once per outage).
 */
export class DocumentCache {
  private readonly pipeline: MemcachedPipeline;
  private readonly health: MemcachedHealth;
  private readonly ttlSeconds: number;
  private readonly parsed: ParsedDocuments;

  constructor(private readonly options: DocumentCacheOptions) {
    this.pipeline = new MemcachedPipeline(options.memcached);
    this.parsed = new ParsedDocuments(options.parsedDocuments ?? 10_000);
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
    this.health = new MemcachedHealth(options.retryAfterMs ?? 5_000, options.logger ?? console);
  }

  getUsers(ids: readonly bigint[]): Promise<Map<string, UserDocument>> {
    return this.get('user', ids, selectUserDocuments);
  }

  getPhotos(ids: readonly bigint[]): Promise<Map<string, PhotoDocument>> {
    return this.get('photo', ids, selectPhotoDocuments);
  }

  /** Called by the projection after commit. Throws if memcached refused (the runner logs it). */
  async writeThrough(changes: DocumentChanges): Promise<void> {
    const { keyPrefix } = this.options;
    const fresh = [
      ...(changes.users ?? []).map((d) => this.entry('user', d)),
      ...(changes.photos ?? []).map((d) => this.entry('photo', d)),
    ];
    const gone = (changes.deletedPhotoIds ?? []).map((id) => documentKey(keyPrefix, 'photo', id));
    await Promise.all([
      fresh.length > 0 ? this.pipeline.setMany(fresh, this.ttlSeconds) : undefined,
      gone.length > 0 ? this.pipeline.deleteMany(gone) : undefined,
    ]);
  }

  private async get<D extends Document>(
    kind: DocumentKind,
    ids: readonly bigint[],
    select: (db: Queryable, shards: readonly ShardBatch[]) => Promise<D[]>,
  ): Promise<Map<string, D>> {
    const wanted = [...new Set(ids)].map(String);
    const found = new Map<string, D>();
    if (wanted.length === 0) return found;
    if (this.health.usable()) {
      try {
        const keys = wanted.map((id) => this.key(kind, id));
        const hits = await this.pipeline.getMany(keys);
        this.health.succeeded();
        wanted.forEach((id, i) => {
          const doc = this.parsed.parse<D>(keys[i], hits.get(keys[i]));
          if (doc?.id === id) found.set(id, doc);
        });
        if (found.size === wanted.length) return found;
      } catch (err) {
        this.health.failed(err);
      }
    }
    const misses = wanted.filter((id) => !found.has(id)).map(BigInt);
    const loaded = await loadDocuments(this.options.shards, misses, select);
    for (const doc of loaded) found.set(doc.id, doc);
    if (loaded.length > 0 && this.health.usable())
      await this.pipeline
        .addMany(
          loaded.map((doc) => this.entry(kind, doc)),
          this.ttlSeconds,
        )
        .catch((err: unknown) => this.health.failed(err));
    return found;
  }

  private key(kind: DocumentKind, id: string): string {
    return documentKey(this.options.keyPrefix, kind, id);
  }

  private entry(kind: DocumentKind, doc: Document): { key: string; value: string } {
    return { key: this.key(kind, doc.id), value: JSON.stringify(doc) };
  }
}
