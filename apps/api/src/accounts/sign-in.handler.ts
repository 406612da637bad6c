import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { loadState, type CommandContext } from '@photofeed/command-handling';
import {
  credentialsEvolver,
  credentialsStream,
  usernameEvolver,
  usernameStream,
} from '@photofeed/domain';
import type { EventStore } from '@photofeed/event-store';
import { EVENT_STORE } from '../event-log/event-log.module';
import { InvalidCredentialsError } from './account-errors';
import { PasswordHasher } from './password-hasher';
import { SessionIssuer, type TokenPair } from './session-issuer';

export class SignInCommand {
  constructor(
    readonly username: string,
    readonly password: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(SignInCommand)
export class SignInHandler implements ICommandHandler<
  SignInCommand,
  { tokens: TokenPair; userId: string; position: string }
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(SessionIssuer) private readonly sessions: SessionIssuer,
  ) {}

  async execute({ username, password, context }: SignInCommand) {
    const claim = (await loadState(this.store, usernameStream(username), usernameEvolver)).state;
    const credentials =
      claim.status === 'claimed'
        ? (await loadState(this.store, credentialsStream(claim.userId), credentialsEvolver)).state
        : undefined;
    const hash = credentials?.status === 'set' ? credentials.passwordHash : undefined;
    const ok = await this.hasher.verify(hash, password);
    if (!ok || claim.status !== 'claimed') throw new InvalidCredentialsError();
    const session = await this.sessions.start(
      { userId: claim.userId, username: claim.username },
      { ...context, actorId: claim.userId },
    );
    return { tokens: session.tokens, userId: claim.userId, position: session.position! };
  }
}
