import { type DynamicModule, Module } from '@nestjs/common';
import { POSTGRES_POOL_OPTIONS, PostgresPool, type PostgresPoolOptions } from './postgres-pool';

/** Postgres access for the api. Global: every capability that queries Postgres shares one pool. */
@Module({})
export class DatabaseModule {
  static forRoot(options: PostgresPoolOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [{ provide: POSTGRES_POOL_OPTIONS, useValue: options }, PostgresPool],
      exports: [PostgresPool],
    };
  }
}
