import { Inject, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { CommandOutcome } from '@photofeed/command-handling';
import type { AuthenticatedUser } from '../accounts/access-tokens';
import { commandContext } from '../auth/command-context';
import { DeletePhotoCommand } from '../photos/delete-photo/delete-photo.handler';
import { GraphqlAuthGuard } from './graphql-auth.guard';
import { Caller } from './graphql-caller.decorator';
import { GraphqlRateLimits } from './graphql-rate-limits';
import { DeletePhotoInput, DeletePhotoPayload } from './photos.graphql-types';

/** Photos. Upload stays REST (POST /photos, multipart): GraphQL has no file type worth its cost. */
@Resolver()
@UseGuards(GraphqlAuthGuard)
@GraphqlRateLimits()
export class PhotosResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Mutation(() => DeletePhotoPayload, {
    description: 'Only the owner deletes; deleting a deleted photo answers changed: false.',
  })
  async deletePhoto(
    @Args('input') { photoId }: DeletePhotoInput,
    @Caller() caller: AuthenticatedUser,
  ): Promise<DeletePhotoPayload> {
    const r = await this.commands.execute<DeletePhotoCommand, CommandOutcome>(
      new DeletePhotoCommand(photoId, caller.userId, commandContext()),
    );
    return { changed: r.changed, position: r.position, photoId };
  }
}
