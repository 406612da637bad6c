import { Controller, Get, Headers, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../accounts/access-tokens';
import { CurrentUser } from '../../auth/current-user.decorator';
import { ApiProblems, BEARER_AUTH } from '../../platform';
import { ApiListQuery, ListQueryPipe, type ListQuery } from '../consistency/list-query.pipe';
import {
  MIN_POSITION_HEADER,
  withMinPosition,
  type HeaderReply,
  type RequestHeaders,
} from '../consistency/read-consistency';
import { ActivityPage, PhotoPage } from '../documents/views.dto';
import { FeedQueries } from './feed.queries';

@ApiTags('feeds')
@ApiBearerAuth(BEARER_AUTH)
@ApiHeader({ name: MIN_POSITION_HEADER, required: false, description: 'Same as minPosition.' })
@Controller()
export class FeedsController {
  constructor(@Inject(FeedQueries) private readonly feeds: FeedQueries) {}

  @Get('feed')
  @ApiOperation({
    summary: 'Your home feed: photos of people you follow and your own, newest first',
  })
  @ApiListQuery()
  @ApiOkResponse({ type: PhotoPage })
  @ApiProblems(400, 401)
  homeFeed(
    @CurrentUser() user: AuthenticatedUser,
    @Query(ListQueryPipe) query: ListQuery,
    @Headers() headers: RequestHeaders,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<PhotoPage> {
    return this.feeds.homeFeed(user.userId, withMinPosition(query, headers), reply);
  }

  @Get('activity')
  @ApiOperation({ summary: 'Likes of your photos and new followers, grouped, newest first' })
  @ApiListQuery()
  @ApiOkResponse({ type: ActivityPage })
  @ApiProblems(400, 401)
  activity(
    @CurrentUser() user: AuthenticatedUser,
    @Query(ListQueryPipe) query: ListQuery,
    @Headers() headers: RequestHeaders,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<ActivityPage> {
    return this.feeds.activity(user.userId, withMinPosition(query, headers), reply);
  }

  @Post('activity/seen')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark your activity seen: the unread count drops to 0' })
  @ApiNoContentResponse()
  @ApiProblems(401)
  async markSeen(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.feeds.markActivitySeen(user.userId);
  }
}
