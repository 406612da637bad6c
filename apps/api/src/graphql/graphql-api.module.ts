import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { AccessTokens } from '../accounts/access-tokens';
import { AccountsResolver } from './accounts.resolver';
import { DevicesResolver } from './devices.resolver';
import { graphqlContextFactory } from './graphql-context';
import { formatGraphqlErrors } from './graphql-errors';
import { PhotosResolver } from './photos.resolver';
import { ProfileResolver } from './profile.resolver';
import { ReadsModule } from '../reads/reads.module';
import { ReadsResolver } from './reads.resolver';
import { READ_MODEL_TYPES } from './read-model.types';
import { SocialResolver } from './social.resolver';

export const GRAPHQL_PATH = '/graphql';

/** GraphiQL (at /graphiql) is a development tool: never in production. */
export function graphiqlEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV !== 'production';
}

// Jest's CommonJS runtime cannot load ESM-only packages (Node can), and mercurius uses two:
// @fastify/static's content-disposition, required with mercurius (for GraphiQL's assets), and
// quick-lru, imported for its query cache. See loadMercuriusDriver and `cache` below.
const UNDER_JEST = process.env.JEST_WORKER_ID !== undefined;

/**
 * The GraphQL API at /graphql: the REST API's mutations, through the same CQRS commands, and the
 * schema the read-model queries will fill. Code first: the schema is generated in memory from the
 * decorated classes; schema.gql is its reviewed snapshot (graphql.e2e.spec.ts compares them).
 */
@Module({})
export class GraphqlApiModule {
  static async forRoot(): Promise<DynamicModule> {
    const driver = await loadMercuriusDriver();
    if (!driver) return { module: GraphqlApiModule };
    return {
      module: GraphqlApiModule,
      imports: [
        ReadsModule,
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver,
          // AccessTokens belongs to the app's AccountsModule, configured there (importing
          // AccountsModule.forRoot again builds a second one, its routes declared twice). It is
          // looked up in the whole app when a request needs it, long after the app is up.
          inject: [ModuleRef],
          useFactory: (modules: ModuleRef): MercuriusDriverConfig => ({
            path: GRAPHQL_PATH,
            autoSchemaFile: true,
            sortSchema: true,
            buildSchemaOptions: { orphanedTypes: READ_MODEL_TYPES },
            graphiql: graphiqlEnabled(),
            context: graphqlContextFactory(() => modules.get(AccessTokens, { strict: false })),
            errorFormatter: formatGraphqlErrors,
            // The parsed-query cache is imported as ESM; under jest every query is parsed anew.
            ...(UNDER_JEST ? { cache: false } : {}),
          }),
        }),
      ],
      providers: [
        AccountsResolver,
        ProfileResolver,
        SocialResolver,
        DevicesResolver,
        PhotosResolver,
        ReadsResolver,
      ],
    };
  }
}

/**
 * Under jest, a suite that does not stub @fastify/static (graphql.e2e.spec.ts does) runs the api
 * without GraphQL. Anywhere else, failing to load the driver fails the boot.
 */
async function loadMercuriusDriver(): Promise<MercuriusDriverConfig['driver'] | undefined> {
  try {
    return (await import('@nestjs/mercurius')).MercuriusDriver;
  } catch (error) {
    if (!UNDER_JEST) throw error;
    new Logger('GraphQL').warn(`GraphQL disabled under jest: ${String(error).split('\n')[0]}`);
    return undefined;
  }
}
