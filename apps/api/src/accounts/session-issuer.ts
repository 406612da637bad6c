import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandExecutor, runDecider, type CommandContext } from '@photofeed/command-handling';
import { startSessionDecider } from '@photofeed/domain';
import type { EventStore } from '@photofeed/event-store';
import { EVENT_STORE } from '../event-log/event-log.module';
import { AccessTokens } from './access-tokens';
import { ACCOUNTS_OPTIONS, type AccountsOptions } from './accounts-options';
import { issueRefreshToken } from './refresh-tokens';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
}

/** Starts a session (recorded in session-<id>) and hands out its first token pair. */
@Injectable()
export class SessionIssuer {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(AccessTokens) private readonly accessTokens: AccessTokens,
    @Inject(ACCOUNTS_OPTIONS) private readonly options: AccountsOptions,
  ) {}

  async start(
    user: { userId: string; username: string },
    context: CommandContext,
    now = new Date(),
  ) {
    const sessionId = randomUUID();
    const refresh = issueRefreshToken(sessionId);
    const expiresAt = new Date(now.getTime() + this.options.refreshTtlSeconds * 1000);
    const outcome = await runDecider(
      { store: this.store, executor: this.executor },
      startSessionDecider,
      { sessionId, userId: user.userId, refreshTokenHash: refresh.hash, expiresAt, now },
      context,
    );
    const tokens = await this.pair({ ...user, sessionId }, refresh.token, expiresAt);
    return { tokens, position: outcome.position };
  }

  async pair(
    user: { userId: string; username: string; sessionId: string },
    refreshToken: string,
    refreshExpiresAt: Date,
  ): Promise<TokenPair> {
    return {
      accessToken: await this.accessTokens.sign(user),
      tokenType: 'Bearer',
      expiresIn: this.options.accessTtlSeconds,
      refreshToken,
      refreshExpiresAt: refreshExpiresAt.toISOString(),
    };
  }
}
