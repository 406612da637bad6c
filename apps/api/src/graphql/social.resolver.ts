import { Inject, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { CommandOutcome } from '@photofeed/command-handling';
import type { AuthenticatedUser } from '../accounts/access-tokens';
import { commandContext } from '../auth/command-context';
import { FollowUserCommand } from '../social/follows/follow-user.handler';
import { UnfollowUserCommand } from '../social/follows/unfollow-user.handler';
import { LikePhotoCommand } from '../social/likes/like-photo.handler';
import { UnlikePhotoCommand } from '../social/likes/unlike-photo.handler';
import { GraphqlAuthGuard } from './graphql-auth.guard';
import { Caller } from './graphql-caller.decorator';
import { GraphqlRateLimits } from './graphql-rate-limits';
import {
  FollowUserInput,
  FollowUserPayload,
  LikePhotoInput,
  LikePhotoPayload,
  UnfollowUserInput,
  UnfollowUserPayload,
  UnlikePhotoInput,
  UnlikePhotoPayload,
} from './social.graphql-types';

/** Likes and follows: the same commands as REST's /photos/:id/like and /users/:id/follow. */
@Resolver()
@UseGuards(GraphqlAuthGuard)
@GraphqlRateLimits()
export class SocialResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Mutation(() => LikePhotoPayload, {
    description: 'Idempotent: liking a liked photo answers changed: false.',
  })
  async likePhoto(
    @Args('input') { photoId }: LikePhotoInput,
    @Caller() caller: AuthenticatedUser,
  ): Promise<LikePhotoPayload> {
    const r = await this.commands.execute<LikePhotoCommand, CommandOutcome>(
      new LikePhotoCommand(photoId, caller.userId, commandContext()),
    );
    return { changed: r.changed, position: r.position, photoId };
  }

  @Mutation(() => UnlikePhotoPayload, {
    description: 'Unliking what is not liked answers changed: false.',
  })
  async unlikePhoto(
    @Args('input') { photoId }: UnlikePhotoInput,
    @Caller() caller: AuthenticatedUser,
  ): Promise<UnlikePhotoPayload> {
    const r = await this.commands.execute<UnlikePhotoCommand, CommandOutcome>(
      new UnlikePhotoCommand(photoId, caller.userId, commandContext()),
    );
    return { changed: r.changed, position: r.position, photoId };
  }

  @Mutation(() => FollowUserPayload, {
    description: 'Idempotent: following someone followed answers changed: false.',
  })
  async followUser(
    @Args('input') { userId }: FollowUserInput,
    @Caller() caller: AuthenticatedUser,
  ): Promise<FollowUserPayload> {
    const r = await this.commands.execute<FollowUserCommand, CommandOutcome>(
      new FollowUserCommand(caller.userId, userId, commandContext()),
    );
    return { changed: r.changed, position: r.position, userId };
  }

  @Mutation(() => UnfollowUserPayload, {
    description: 'Unfollowing someone not followed answers changed: false.',
  })
  async unfollowUser(
    @Args('input') { userId }: UnfollowUserInput,
    @Caller() caller: AuthenticatedUser,
  ): Promise<UnfollowUserPayload> {
    const r = await this.commands.execute<UnfollowUserCommand, CommandOutcome>(
      new UnfollowUserCommand(caller.userId, userId, commandContext()),
    );
    return { changed: r.changed, position: r.position, userId };
  }
}
