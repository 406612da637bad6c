import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommandExecutor, Decisions } from '@photofeed/command-handling';
import { PostgresEventStore, type EventStore } from '@photofeed/event-store';
import { PostgresIdAllocator } from '@photofeed/ids';
import { PostgresPool } from '../database/postgres-pool';
import { registerWriteProblems } from './write-problems';

export const EVENT_STORE = Symbol('EVENT_STORE');

export interface EventLogOptions {
  /** A direct connection (not through pgbouncer): subscriptions LISTEN on it. */
  listenConnectionString: string;
}

/** Closes the store's listener on shutdown; the pool itself belongs to DatabaseModule. */
@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** The write side's I/O: the event log, the command executor over it, and the id allocator. */
@Module({})
export class EventLogModule {
  static forRoot(options: EventLogOptions): DynamicModule {
    registerWriteProblems();
    return {
      module: EventLogModule,
      global: true,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [PostgresPool],
          useFactory: (db: PostgresPool) =>
            new PostgresEventStore({
              pool: db.pool,
              listenConnectionString: options.listenConnectionString,
            }),
        },
        {
          provide: CommandExecutor,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => new CommandExecutor(store),
        },
        {
          provide: PostgresIdAllocator,
          inject: [PostgresPool],
          useFactory: (db: PostgresPool) => new PostgresIdAllocator(db.pool),
        },
        {
          provide: Decisions,
          inject: [EVENT_STORE, CommandExecutor],
          useFactory: (store: EventStore, executor: CommandExecutor) =>
            new Decisions({ store, executor }),
        },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE, CommandExecutor, Decisions, PostgresIdAllocator],
    };
  }
}
