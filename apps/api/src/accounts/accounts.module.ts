import { createSecretKey } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { ApiConfig } from '../config';
import { BearerAuthGuard } from '../auth/bearer-auth.guard';
import { registerProblemMapper, problemForCodedError, type ProblemMapper } from '../platform';
import { AccessTokens } from './access-tokens';
import { InvalidCredentialsError, InvalidRefreshTokenError } from './account-errors';
import { ACCOUNTS_OPTIONS } from './accounts-options';
import { AccountsController } from './accounts.controller';
import { PasswordHasher } from './password-hasher';
import { RefreshSessionHandler } from './refresh-session.handler';
import { RegisterUserHandler } from './register-user.handler';
import { SessionIssuer } from './session-issuer';
import { SignInHandler } from './sign-in.handler';
import { SignOutHandler } from './sign-out.handler';

const accountErrors: ProblemMapper = (e) =>
  e instanceof InvalidCredentialsError || e instanceof InvalidRefreshTokenError
    ? problemForCodedError(e, 'unauthenticated')
    : undefined;

/** Sign-up, sign-in, token refresh and sign-out; and the global bearer-token guard. */
@Module({})
export class AccountsModule {
  static forRoot(config: ApiConfig): DynamicModule {
    registerProblemMapper(accountErrors);
    return {
      module: AccountsModule,
      imports: [
        JwtModule.register({
          // A KeyObject, made once: given a string, jsonwebtoken rebuilds a key on every verify
          // (trying createPublicKey first and catching its failure), ~15% of the api's CPU under load.
          secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')),
          signOptions: { algorithm: 'HS256', expiresIn: config.auth.accessTokenTtlSeconds },
        }),
      ],
      controllers: [AccountsController],
      providers: [
        {
          provide: ACCOUNTS_OPTIONS,
          useValue: {
            accessTtlSeconds: config.auth.accessTokenTtlSeconds,
            refreshTtlSeconds: config.auth.refreshTokenTtlSeconds,
            shardCount: config.shardCount,
          },
        },
        AccessTokens,
        PasswordHasher,
        SessionIssuer,
        RegisterUserHandler,
        SignInHandler,
        RefreshSessionHandler,
        SignOutHandler,
        { provide: APP_GUARD, useClass: BearerAuthGuard },
      ],
      exports: [AccessTokens],
    };
  }
}
