import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, BEARER_AUTH } from '../../platform';
import { ApiIdParam, IdParam } from '../../social/id-param';
import { ConsistencyQuery } from '../consistency/page-query.dto';
import { ApiListQuery, ListQueryPipe, type ListQuery } from '../consistency/list-query.pipe';
import {
  MIN_POSITION_HEADER,
  withMinPosition,
  type HeaderReply,
  type RequestHeaders,
} from '../consistency/read-consistency';
import {
  PhotoPage,
  PhotoResponseWithConsistency,
  UserPage,
  UserProfileResponse,
} from '../documents/views.dto';
import { UserQueries } from './user.queries';

/** Profiles, photos and who-follows/who-liked lists: GET only, from the shard read models. */
@ApiTags('users')
@ApiBearerAuth(BEARER_AUTH)
@ApiHeader({ name: MIN_POSITION_HEADER, required: false, description: 'Same as minPosition.' })
@Controller()
export class UsersController {
  constructor(@Inject(UserQueries) private readonly queries: UserQueries) {}

  @Get('users/:userId')
  @ApiOperation({ summary: 'A profile with its photo, follower and following counts' })
  @ApiIdParam('userId', 'The user.')
  @ApiOkResponse({ type: UserProfileResponse })
  @ApiProblems(400, 401, 404)
  profile(
    @IdParam('userId') userId: string,
    @Query() query: ConsistencyQuery,
    @Headers() headers: RequestHeaders,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<UserProfileResponse> {
    return this.queries.profile(userId, withMinPosition(query, headers).minPosition, reply);
  }

  @Get('users/:userId/photos')
  @ApiOperation({ summary: "A user's photos, newest first" })
  @ApiIdParam('userId', 'The owner.')
  @ApiListQuery()
  @ApiOkResponse({ type: PhotoPage })
  @ApiProblems(400, 401)
  photos(
    @IdParam('userId') userId: string,
    @Query(ListQueryPipe) query: ListQuery,
    @Headers() headers: RequestHeaders,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<PhotoPage> {
    return this.queries.userPhotos(userId, withMinPosition(query, headers), reply);
  }

  @Get('users/:userId/followers')
  @ApiOperation({ summary: 'Who follows this user, newest first' })
  @ApiIdParam('userId', 'The user followed.')
  @ApiListQuery()
  @ApiOkResponse({ type: UserPage })
  @ApiProblems(400, 401)
  followers(
    @IdParam('userId') userId: string,
    @Query(ListQueryPipe) query: ListQuery,
    @Headers() headers: RequestHeaders,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<UserPage> {
    return this.queries.users('followers', userId, withMinPosition(query, headers), reply);
  }

  @Get('users/:userId/following')
  @ApiOperation({ summary: 'Whom this user follows, newest first' })
  @ApiIdParam('userId', 'The follower.')
  @ApiListQuery()
  @ApiOkResponse({ type: UserPage })
  @ApiProblems(400, 401)
  following(
    @IdParam('userId') userId: string,
    @Query(ListQueryPipe) query: ListQuery,
    @Headers() headers: RequestHeaders,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<UserPage> {
    return this.queries.users('following', userId, withMinPosition(query, headers), reply);
  }

  @Get('photos/:photoId')
  @ApiTags('photos')
  @ApiOperation({ summary: 'A photo with its owner and like count' })
  @ApiIdParam('photoId', 'The photo.')
  @ApiOkResponse({ type: PhotoResponseWithConsistency })
  @ApiProblems(400, 401, 404)
  photo(
    @IdParam('photoId') photoId: string,
    @Query() query: ConsistencyQuery,
    @Headers() headers: RequestHeaders,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<PhotoResponseWithConsistency> {
    return this.queries.photo(photoId, withMinPosition(query, headers).minPosition, reply);
  }

  @Get('photos/:photoId/likes')
  @ApiTags('photos')
  @ApiOperation({ summary: 'Who liked a photo, newest first' })
  @ApiIdParam('photoId', 'The photo.')
  @ApiListQuery()
  @ApiOkResponse({ type: UserPage })
  @ApiProblems(400, 401)
  likers(
    @IdParam('photoId') photoId: string,
    @Query(ListQueryPipe) query: ListQuery,
    @Headers() headers: RequestHeaders,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<UserPage> {
    return this.queries.users('photoLikers', photoId, withMinPosition(query, headers), reply);
  }
}
