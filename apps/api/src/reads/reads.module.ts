import {
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { EventStore } from '@photofeed/event-store';
import type Redis from 'ioredis';
import { EVENT_STORE } from '../event-log/event-log.module';
import { API_CONFIG, REDIS_CLIENT, type ApiConfig } from '../platform';
import { photoUrlsProvider } from '../photos/photo-media.providers';
import { ReadConsistency } from './consistency/read-consistency';
import { ViewHydrator } from './documents/view-hydrator';
import { FeedQueries } from './feed/feed.queries';
import { FeedsController } from './feed/feeds.controller';
import { registerReadProblems } from './read-problems';
import { READ_SIDE, type ReadSide } from './read-side';
import { createReadSide } from './read-side.factory';
import { UserQueries } from './users/user.queries';
import { UsersController } from './users/users.controller';

/** Starts the in-process projector (all-in-one mode) once the app is up; closes the read side. */
@Injectable()
class ReadSideLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(READ_SIDE) private readonly reads: ReadSide) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reads.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reads.close();
  }
}

/**
 * The queries: feeds, activity, profiles, photos and relation lists (REST here, GraphQL in
 * graphql/reads.resolver.ts, both through FeedQueries and UserQueries). With PROJECTOR=inline this
 * process also runs every projection, for development; in production apps/projector does.
 */
@Module({
  controllers: [FeedsController, UsersController],
  providers: [
    {
      provide: READ_SIDE,
      inject: [API_CONFIG, REDIS_CLIENT, EVENT_STORE],
      useFactory: (config: ApiConfig, redis: Redis, store: EventStore) =>
        createReadSide({
          reads: config.reads,
          shardCount: config.shardCount,
          logDirectUrl: config.databaseDirectUrl,
          redis,
          store,
        }),
    },
    ReadSideLifecycle,
    photoUrlsProvider,
    ReadConsistency,
    ViewHydrator,
    FeedQueries,
    UserQueries,
  ],
  exports: [FeedQueries, UserQueries, READ_SIDE],
})
export class ReadsModule {
  constructor() {
    registerReadProblems();
  }
}
