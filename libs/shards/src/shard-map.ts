import { SHARD_COUNT } from '@photofeed/ids';

/**
 * Logical shards (one Postgres schema each) laid out over a few physical databases, Instagram-style.
 * Contiguous ranges, so moving shards to a new database later means splitting a range: a config
 * change plus a copy of those schemas, never a rehash of every id.
 */
export interface ShardMapConfig {
  /** How many logical shards exist (production 2048; tests a handful). */
  logicalShards: number;
  /** Connection URLs, one per physical database. */
  databases: string[];
  /**
   * Which set of shard schemas this map names: '' (the default) is `shard_0042`, 'v2' is
   * `shard_0042_v2`. A view's new version fills its own schemas beside the live ones (blue/green).
   */
  schemaSet?: string;
}

export const DEFAULT_LOGICAL_SHARDS = 2048;

export class ShardMapConfigError extends Error {
  override name = 'ShardMapConfigError';
}

export class ShardMap {
  readonly logicalShards: number;
  readonly databases: readonly string[];
  readonly schemaSet: string;

  constructor(config: ShardMapConfig) {
    validate(config);
    this.logicalShards = config.logicalShards;
    this.databases = Object.freeze([...config.databases]);
    this.schemaSet = config.schemaSet ?? '';
  }

  /** The same layout naming another set of schemas (see `schemaSet`). */
  withSchemaSet(schemaSet: string): ShardMap {
    return new ShardMap({ ...this, databases: [...this.databases], schemaSet });
  }

  /** `shard_0042` (or `shard_0042_v2`): zero-padded so schemas sort in shard order. */
  schemaFor(shard: number): string {
    this.assertShard(shard);
    const base = `shard_${String(shard).padStart(4, '0')}`;
    return this.schemaSet ? `${base}_${this.schemaSet}` : base;
  }

  /** Every schema of the set on one physical database, in shard order (migrations, drops). */
  schemasOn(databaseIndex: number): string[] {
    return this.shardsOn(databaseIndex).map((s) => this.schemaFor(s));
  }

  /** Index into `databases` of the physical database holding `shard`. */
  databaseFor(shard: number): number {
    this.assertShard(shard);
    return Math.floor((shard * this.databases.length) / this.logicalShards);
  }

  /** The logical shards living on one physical database, ascending. */
  shardsOn(databaseIndex: number): number[] {
    if (
      !Number.isInteger(databaseIndex) ||
      databaseIndex < 0 ||
      databaseIndex >= this.databases.length
    )
      throw new RangeError(`no database ${databaseIndex} (have ${this.databases.length})`);
    const shards: number[] = [];
    for (let s = 0; s < this.logicalShards; s++)
      if (this.databaseFor(s) === databaseIndex) shards.push(s);
    return shards;
  }

  private assertShard(shard: number): void {
    if (!Number.isInteger(shard) || shard < 0 || shard >= this.logicalShards)
      throw new RangeError(`shard ${shard} is outside 0..${this.logicalShards - 1}`);
  }
}

function validate({ logicalShards, databases, schemaSet }: ShardMapConfig): void {
  if (schemaSet !== undefined && !/^[a-z0-9]{0,16}$/.test(schemaSet))
    throw new ShardMapConfigError(`schemaSet must be [a-z0-9]{0,16}, got "${schemaSet}"`);
  if (!Number.isInteger(logicalShards) || logicalShards < 1 || logicalShards > SHARD_COUNT)
    throw new ShardMapConfigError(
      `logicalShards must be an integer in 1..${SHARD_COUNT} (ids carry 13 shard bits), got ${logicalShards}`,
    );
  if (databases.length === 0)
    throw new ShardMapConfigError('at least one database URL is required');
  if (databases.length > logicalShards)
    throw new ShardMapConfigError(
      `${databases.length} databases for ${logicalShards} shards would leave a database empty`,
    );
  const seen = new Set<string>();
  for (const url of databases) {
    if (url.trim() === '') throw new ShardMapConfigError('empty database URL');
    if (seen.has(url)) throw new ShardMapConfigError(`database listed twice: ${url}`);
    seen.add(url);
  }
}

/**
 * From env: `SHARD_DATABASE_URLS` (comma-separated; default the single `DATABASE_URL`) and
 * `SHARD_COUNT` (default 2048).
 */
export function shardMapFromEnv(env: NodeJS.ProcessEnv = process.env): ShardMap {
  const urls = (env.SHARD_DATABASE_URLS ?? env.DATABASE_URL ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  const countText = env.SHARD_COUNT?.trim();
  const logicalShards = countText ? Number(countText) : DEFAULT_LOGICAL_SHARDS;
  if (countText && !/^\d+$/.test(countText))
    throw new ShardMapConfigError(`SHARD_COUNT must be an integer, got "${countText}"`);
  if (urls.length === 0)
    throw new ShardMapConfigError('set SHARD_DATABASE_URLS (comma-separated) or DATABASE_URL');
  return new ShardMap({ logicalShards, databases: urls });
}
