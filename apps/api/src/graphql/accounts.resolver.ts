import { Inject, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { CommandOutcome } from '@photofeed/command-handling';
import type { AuthenticatedUser } from '../accounts/access-tokens';
import { RefreshSessionCommand } from '../accounts/refresh-session.handler';
import { RegisterUserCommand, type Registered } from '../accounts/register-user.handler';
import type { TokenPair as IssuedTokens } from '../accounts/session-issuer';
import { SignInCommand } from '../accounts/sign-in.handler';
import { SignOutCommand } from '../accounts/sign-out.handler';
import { commandContext } from '../auth/command-context';
import { Public } from '../auth/public.decorator';
import { RateLimit } from '../platform';
import {
  LoginInput,
  LoginPayload,
  LogoutPayload,
  RefreshSessionInput,
  RefreshSessionPayload,
  RegisterInput,
  RegisterPayload,
  TokenPair,
} from './accounts.graphql-types';
import { GraphqlAuthGuard } from './graphql-auth.guard';
import { Caller } from './graphql-caller.decorator';
import { GraphqlRateLimits } from './graphql-rate-limits';

/** register, login, refreshSession, logout: the same commands as POST /auth/*. */
@Resolver()
@UseGuards(GraphqlAuthGuard)
@GraphqlRateLimits()
export class AccountsResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Mutation(() => RegisterPayload, { description: 'Creates an account and signs it in.' })
  @Public()
  @RateLimit({ perIp: { limit: 20, windowSeconds: 3600 } })
  async register(@Args('input') input: RegisterInput): Promise<RegisterPayload> {
    const r = await this.commands.execute<RegisterUserCommand, Registered>(
      new RegisterUserCommand(input.username, input.displayName, input.password, commandContext()),
    );
    return { changed: true, position: r.position, user: r.user, tokens: tokenPair(r.tokens) };
  }

  @Mutation(() => LoginPayload)
  @Public()
  @RateLimit({ perIp: { limit: 30, windowSeconds: 300 } })
  async login(@Args('input') input: LoginInput): Promise<LoginPayload> {
    const r = await this.commands.execute<SignInCommand, SignedIn>(
      new SignInCommand(input.username, input.password, commandContext()),
    );
    return { changed: true, position: r.position, userId: r.userId, tokens: tokenPair(r.tokens) };
  }

  @Mutation(() => RefreshSessionPayload, {
    description: 'Trades a refresh token for a new pair. Reusing an old one ends the session.',
  })
  @Public()
  async refreshSession(@Args('input') input: RefreshSessionInput): Promise<RefreshSessionPayload> {
    const r = await this.commands.execute<RefreshSessionCommand, Refreshed>(
      new RefreshSessionCommand(input.refreshToken, commandContext()),
    );
    return { changed: true, position: r.position, tokens: tokenPair(r.tokens) };
  }

  @Mutation(() => LogoutPayload, { description: "Ends the caller's session (its refresh token)." })
  async logout(@Caller() caller: AuthenticatedUser): Promise<LogoutPayload> {
    const r = await this.commands.execute<SignOutCommand, CommandOutcome>(
      new SignOutCommand(caller.userId, caller.sessionId, commandContext()),
    );
    return { changed: r.changed, position: r.position };
  }
}

// What the sign-in and refresh handlers answer (their classes declare it inline).
interface SignedIn {
  userId: string;
  tokens: IssuedTokens;
  position: string;
}
type Refreshed = Omit<SignedIn, 'userId'>;

function tokenPair(tokens: IssuedTokens): TokenPair {
  return { ...tokens, refreshExpiresAt: new Date(tokens.refreshExpiresAt) };
}
