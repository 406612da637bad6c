import { Inject, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { CommandOutcome } from '@photofeed/command-handling';
import type { AuthenticatedUser } from '../accounts/access-tokens';
import { commandContext } from '../auth/command-context';
import { UpdateProfileCommand } from '../social/profile/update-profile.handler';
import { requireSomeField } from '../social/profile/require-some-field';
import { GraphqlAuthGuard } from './graphql-auth.guard';
import { Caller } from './graphql-caller.decorator';
import { GraphqlRateLimits } from './graphql-rate-limits';
import { UpdateProfileInput, UpdateProfilePayload } from './profile.graphql-types';
import { User } from './read-model.types';

/** The caller's own profile. */
@Resolver()
@UseGuards(GraphqlAuthGuard)
@GraphqlRateLimits()
export class ProfileResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * Who the access token says the caller is. Only id and username for now: the rest of a User comes
   * from the read models (issue #4), and the write side's streams are not a query store.
   */
  @Query(() => User, { nullable: true, description: 'The authenticated caller.' })
  me(@Caller() caller: AuthenticatedUser): User {
    return { id: caller.userId, username: caller.username };
  }

  @Mutation(() => UpdateProfilePayload, {
    description: 'The same values again answer changed: false.',
  })
  async updateProfile(
    @Args('input') input: UpdateProfileInput,
    @Caller() caller: AuthenticatedUser,
  ): Promise<UpdateProfilePayload> {
    // As REST: an empty update is a malformed request (BAD_USER_INPUT), not the domain's 422.
    requireSomeField(input);
    const r = await this.commands.execute<UpdateProfileCommand, CommandOutcome>(
      new UpdateProfileCommand(
        caller.userId,
        { displayName: input.displayName, bio: input.bio },
        commandContext(),
      ),
    );
    return { changed: r.changed, position: r.position };
  }
}
