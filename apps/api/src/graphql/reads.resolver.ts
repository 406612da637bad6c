import { Inject, UseGuards } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AuthenticatedUser } from '../accounts/access-tokens';
import type { PageQuery } from '../reads/consistency/page-query.dto';
import type {
  ActivityPage,
  PhotoPage,
  PhotoView,
  UserPage,
  UserProfileResponse,
  UserSummary,
} from '../reads/documents/views.dto';
import { FeedQueries } from '../reads/feed/feed.queries';
import { UserQueries } from '../reads/users/user.queries';
import { GraphqlAuthGuard } from './graphql-auth.guard';
import { Caller } from './graphql-caller.decorator';
import { GraphqlRateLimits } from './graphql-rate-limits';
import type { Photo, User } from './read-model.types';
import { Photo as PhotoType, User as UserType } from './read-model.types';
import {
  ActivityConnection,
  DocumentArgs,
  PageArgs,
  PhotoConnection,
  PhotoPageArgs,
  UserConnection,
  UserPageArgs,
} from './reads.graphql-types';

/** The read queries: the same services as REST (reads/), so the same answers and errors. */
@Resolver()
@UseGuards(GraphqlAuthGuard)
@GraphqlRateLimits()
export class ReadsResolver {
  constructor(
    @Inject(FeedQueries) private readonly feeds: FeedQueries,
    @Inject(UserQueries) private readonly users: UserQueries,
  ) {}

  @Query(() => PhotoConnection, { description: 'Your home feed, newest first.' })
  async homeFeed(@Caller() caller: AuthenticatedUser, @Args() page: PageArgs) {
    return photoConnection(await this.feeds.homeFeed(caller.userId, pageQuery(page)));
  }

  @Query(() => ActivityConnection, { description: 'Likes of your photos and new followers.' })
  async activity(
    @Caller() caller: AuthenticatedUser,
    @Args() page: PageArgs,
  ): Promise<ActivityConnection> {
    const result: ActivityPage = await this.feeds.activity(caller.userId, pageQuery(page));
    return {
      items: result.items.map((item) => ({
        ...item,
        photo: item.photo ? photo(item.photo) : null,
        actors: item.actors.map(user),
        latestAt: new Date(item.latestAt),
      })),
      pageInfo: pageInfo(result.nextCursor),
      unread: result.unread,
      consistency: result.consistency ?? null,
    };
  }

  @Mutation(() => Boolean, { description: 'Marks your activity seen: unread drops to 0.' })
  async markActivitySeen(@Caller() caller: AuthenticatedUser): Promise<boolean> {
    await this.feeds.markActivitySeen(caller.userId);
    return true;
  }

  @Query(() => UserType, { description: 'A profile with its counts.' })
  async user(@Args() args: DocumentArgs): Promise<User> {
    return profile(await this.users.profile(args.id, args.minPosition ?? undefined));
  }

  @Query(() => PhotoType, { description: 'A photo with its owner and like count.' })
  async photo(@Args() args: DocumentArgs): Promise<Photo> {
    return photo(await this.users.photo(args.id, args.minPosition ?? undefined));
  }

  @Query(() => PhotoConnection, { description: "A user's photos, newest first." })
  async userPhotos(@Args() args: UserPageArgs) {
    return photoConnection(await this.users.userPhotos(args.userId, pageQuery(args)));
  }

  @Query(() => UserConnection, { description: 'Who follows a user, newest first.' })
  async followers(@Args() args: UserPageArgs) {
    return userConnection(await this.users.users('followers', args.userId, pageQuery(args)));
  }

  @Query(() => UserConnection, { description: 'Whom a user follows, newest first.' })
  async following(@Args() args: UserPageArgs) {
    return userConnection(await this.users.users('following', args.userId, pageQuery(args)));
  }

  @Query(() => UserConnection, { description: 'Who liked a photo, newest first.' })
  async photoLikers(@Args() args: PhotoPageArgs) {
    return userConnection(await this.users.users('photoLikers', args.photoId, pageQuery(args)));
  }
}

function pageQuery(args: PageArgs): PageQuery {
  return { limit: args.first, cursor: args.after, minPosition: args.minPosition };
}

function pageInfo(nextCursor: string | null) {
  return { endCursor: nextCursor, hasNextPage: nextCursor !== null };
}

function photoConnection(page: PhotoPage): PhotoConnection {
  return {
    items: page.items.map(photo),
    pageInfo: pageInfo(page.nextCursor),
    consistency: page.consistency ?? null,
  };
}

function userConnection(page: UserPage): UserConnection {
  return {
    items: page.items.map(user),
    pageInfo: pageInfo(page.nextCursor),
    consistency: page.consistency ?? null,
  };
}

function photo(view: PhotoView): Photo {
  return {
    ...view,
    owner: view.owner ? user(view.owner) : null,
    postedAt: new Date(view.postedAt),
  };
}

function user(summary: UserSummary): User {
  return { id: summary.id, username: summary.username, displayName: summary.displayName };
}

function profile(p: UserProfileResponse): User {
  return {
    id: p.id,
    username: p.username,
    displayName: p.displayName,
    bio: p.bio,
    photoCount: p.photoCount,
    followerCount: p.followerCount,
    followingCount: p.followingCount,
  };
}
