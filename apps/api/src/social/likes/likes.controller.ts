import { Controller, Delete, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '@photofeed/command-handling';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../accounts/access-tokens';
import { commandContext } from '../../auth/command-context';
import { CurrentUser } from '../../auth/current-user.decorator';
import { withPosition, type PositionReply } from '../../event-log/log-position-header';
import { ApiProblems, BEARER_AUTH } from '../../platform';
import { ApiIdParam, IdParam } from '../id-param';
import { WriteResponse } from '../write-response.dto';
import { LikePhotoCommand } from './like-photo.handler';
import { UnlikePhotoCommand } from './unlike-photo.handler';

// 200 for both "now liked" and "already liked": the resource ends in the same state either way,
// and `changed` says which it was.
@ApiTags('likes')
@ApiBearerAuth(BEARER_AUTH)
@Controller('photos/:photoId/like')
export class LikesController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Like a photo (idempotent: liking twice changes nothing)' })
  @ApiIdParam('photoId', 'The photo to like.')
  @ApiOkResponse({ type: WriteResponse, description: 'Liked now, or already (changed: false).' })
  @ApiProblems(401, 404, 410)
  async like(
    @IdParam('photoId') photoId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: PositionReply,
  ): Promise<WriteResponse> {
    const r = await this.commands.execute<LikePhotoCommand, CommandOutcome>(
      new LikePhotoCommand(photoId, user.userId, commandContext()),
    );
    return withPosition(reply, r.position, { changed: r.changed, position: r.position });
  }

  @Delete()
  @HttpCode(200)
  @ApiOperation({ summary: 'Unlike a photo (unliking what is not liked changes nothing)' })
  @ApiIdParam('photoId', 'The photo to unlike.')
  @ApiOkResponse({
    type: WriteResponse,
    description: 'Unliked now, or was not liked (changed: false).',
  })
  @ApiProblems(401)
  async unlike(
    @IdParam('photoId') photoId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: PositionReply,
  ): Promise<WriteResponse> {
    const r = await this.commands.execute<UnlikePhotoCommand, CommandOutcome>(
      new UnlikePhotoCommand(photoId, user.userId, commandContext()),
    );
    return withPosition(reply, r.position, { changed: r.changed, position: r.position });
  }
}
