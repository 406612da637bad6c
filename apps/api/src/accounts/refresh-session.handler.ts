import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Decisions, loadState, type CommandContext } from '@photofeed/command-handling';
import {
  refreshSessionDecider,
  sessionEvolver,
  sessionStream,
  userEvolver,
  userStream,
} from '@photofeed/domain';
import type { EventStore } from '@photofeed/event-store';
import { EVENT_STORE } from '../event-log/event-log.module';
import { InvalidRefreshTokenError } from './account-errors';
import { ACCOUNTS_OPTIONS, type AccountsOptions } from './accounts-options';
import { issueRefreshToken, parseRefreshToken } from './refresh-tokens';
import { SessionIssuer, type TokenPair } from './session-issuer';

export class RefreshSessionCommand {
  constructor(
    readonly refreshToken: string,
    readonly context: CommandContext,
  ) {}
}

/**
 * Rotation: every refresh replaces the refresh token. Presenting a rotated-away token revokes the
 * session (the domain decides, the revocation is recorded) and is refused.
 */
@CommandHandler(RefreshSessionCommand)
export class RefreshSessionHandler implements ICommandHandler<
  RefreshSessionCommand,
  { tokens: TokenPair; position: string }
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Decisions) private readonly decisions: Decisions,
    @Inject(SessionIssuer) private readonly sessions: SessionIssuer,
    @Inject(ACCOUNTS_OPTIONS) private readonly options: AccountsOptions,
  ) {}

  async execute({ refreshToken, context }: RefreshSessionCommand) {
    const presented = parseRefreshToken(refreshToken);
    if (!presented) throw new InvalidRefreshTokenError();
    const session = (
      await loadState(this.store, sessionStream(presented.sessionId), sessionEvolver)
    ).state;
    if (session.status !== 'active') throw new InvalidRefreshTokenError();
    const now = new Date();
    const next = issueRefreshToken(presented.sessionId);
    const newExpiresAt = new Date(now.getTime() + this.options.refreshTtlSeconds * 1000);
    const outcome = await this.decisions.run(
      refreshSessionDecider,
      {
        sessionId: presented.sessionId,
        refreshTokenHash: presented.hash,
        newRefreshTokenHash: next.hash,
        newExpiresAt,
        now,
      },
      { ...context, actorId: session.userId },
    );
    const user = (await loadState(this.store, userStream(session.userId), userEvolver)).state;
    if (user.status !== 'registered') throw new InvalidRefreshTokenError();
    const tokens = await this.sessions.pair(
      { userId: session.userId, username: user.username, sessionId: presented.sessionId },
      next.token,
      newExpiresAt,
    );
    return { tokens, position: outcome.position! };
  }
}
