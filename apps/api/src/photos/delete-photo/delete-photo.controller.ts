import { Controller, Delete, HttpCode, Inject, Param, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { CommandOutcome } from '@photofeed/command-handling';
import type { AuthenticatedUser } from '../../accounts/access-tokens';
import { commandContext } from '../../auth/command-context';
import { CurrentUser } from '../../auth/current-user.decorator';
import { withPosition, type PositionReply } from '../../event-log/log-position-header';
import { ApiProblems, BEARER_AUTH } from '../../platform';
import { DeletePhotoResponse } from '../photos.dto';
import { DeletePhotoCommand } from './delete-photo.handler';
import { photoIdParam } from './photo-id-param';

@ApiTags('photos')
@ApiBearerAuth(BEARER_AUTH)
@Controller('photos')
export class DeletePhotoController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Delete(':photoId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete one of your photos (deleting it again changes nothing)' })
  @ApiParam({ name: 'photoId', description: 'The photo id (64-bit, as a string).' })
  @ApiOkResponse({ type: DeletePhotoResponse })
  @ApiProblems(401, 403, 404)
  async delete(
    @CurrentUser() user: AuthenticatedUser,
    @Param('photoId') photoId: string,
    @Res({ passthrough: true }) reply: PositionReply,
  ): Promise<DeletePhotoResponse> {
    const outcome: CommandOutcome = await this.commands.execute(
      new DeletePhotoCommand(photoIdParam(photoId), user.userId, commandContext()),
    );
    return withPosition(reply, outcome.position, {
      changed: outcome.changed,
      position: outcome.position,
    });
  }
}
