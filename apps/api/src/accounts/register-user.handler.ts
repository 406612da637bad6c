import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Decisions, type CommandContext } from '@photofeed/command-handling';
import { registerUserDecider } from '@photofeed/domain';
import { formatId, PostgresIdAllocator } from '@photofeed/ids';
import { ACCOUNTS_OPTIONS, type AccountsOptions } from './accounts-options';
import { PasswordHasher } from './password-hasher';
import { SessionIssuer, type TokenPair } from './session-issuer';

export class RegisterUserCommand {
  constructor(
    readonly username: string,
    readonly displayName: string,
    readonly password: string,
    readonly context: CommandContext,
  ) {}
}

export interface Registered {
  user: { id: string; username: string; displayName: string };
  tokens: TokenPair;
  position: string;
}

/** A new user on a random logical shard, signed in at once. */
@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand, Registered> {
  constructor(
    @Inject(Decisions) private readonly decisions: Decisions,
    @Inject(PostgresIdAllocator) private readonly ids: PostgresIdAllocator,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(SessionIssuer) private readonly sessions: SessionIssuer,
    @Inject(ACCOUNTS_OPTIONS) private readonly options: AccountsOptions,
  ) {}

  async execute({
    username,
    displayName,
    password,
    context,
  }: RegisterUserCommand): Promise<Registered> {
    const shard = Math.floor(Math.random() * this.options.shardCount);
    const userId = formatId(await this.ids.next(shard));
    const passwordHash = await this.hasher.hash(password);
    const now = new Date();
    await this.decisions.run(
      registerUserDecider,
      { userId, username, displayName, passwordHash, now },
      { ...context, actorId: userId },
    );
    const session = await this.sessions.start(
      { userId, username },
      { ...context, actorId: userId },
      now,
    );
    return {
      user: { id: userId, username, displayName: displayName.trim() },
      tokens: session.tokens,
      position: session.position!,
    };
  }
}
