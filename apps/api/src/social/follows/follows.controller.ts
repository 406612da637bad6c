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
import { FollowUserCommand } from './follow-user.handler';
import { UnfollowUserCommand } from './unfollow-user.handler';

// 200 for both "now following" and "already following"; `changed` says which it was.
@ApiTags('follows')
@ApiBearerAuth(BEARER_AUTH)
@Controller('users/:userId/follow')
export class FollowsController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Follow a user (idempotent: following twice changes nothing)' })
  @ApiIdParam('userId', 'The user to follow.')
  @ApiOkResponse({
    type: WriteResponse,
    description: 'Following now, or already (changed: false).',
  })
  @ApiProblems(401, 404, 422)
  async follow(
    @IdParam('userId') userId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: PositionReply,
  ): Promise<WriteResponse> {
    const r = await this.commands.execute<FollowUserCommand, CommandOutcome>(
      new FollowUserCommand(user.userId, userId, commandContext()),
    );
    return withPosition(reply, r.position, { changed: r.changed, position: r.position });
  }

  @Delete()
  @HttpCode(200)
  @ApiOperation({ summary: 'Unfollow a user (unfollowing someone not followed changes nothing)' })
  @ApiIdParam('userId', 'The user to unfollow.')
  @ApiOkResponse({
    type: WriteResponse,
    description: 'Unfollowed now, or was not following (changed: false).',
  })
  @ApiProblems(401, 422)
  async unfollow(
    @IdParam('userId') userId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: PositionReply,
  ): Promise<WriteResponse> {
    const r = await this.commands.execute<UnfollowUserCommand, CommandOutcome>(
      new UnfollowUserCommand(user.userId, userId, commandContext()),
    );
    return withPosition(reply, r.position, { changed: r.changed, position: r.position });
  }
}
