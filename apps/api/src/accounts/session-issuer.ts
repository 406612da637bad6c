import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Decisions, type CommandContext } from '@photofeed/command-handling';
import { startSessionDecider } from '@photofeed/domain';
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
    @Inject(Decisions) private readonly decisions: Decisions,
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
    const outcome = await this.decisions.run(
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
