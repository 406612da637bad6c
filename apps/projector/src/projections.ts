import type { ProjectionDeployment } from '@photofeed/projections';
import type { ShardRouter } from '@photofeed/shards';
import type Redis from 'ioredis';
import type { Client as MemcachedClient } from 'memjs';
import type { Pool } from 'pg';

export type { ProjectionDeployment } from '@photofeed/projections';

export interface ProjectionDependencies {
  /** The log database: home of the checkpoints of views kept outside Postgres (Redis). */
  logPool: Pool;
  redis: Redis;
  /** Shard databases: each shard view's rows and checkpoint live in the same database. */
  shards: ShardRouter;
  memcached?: MemcachedClient;
}

/** Every projection the projector runs, each with the database holding its checkpoint. */
export function buildProjections(deps: ProjectionDependencies): ProjectionDeployment[] {
  void deps; // The lead fills in the real projections (shard read models, home feed, activity, photo owners).
  return [];
}
