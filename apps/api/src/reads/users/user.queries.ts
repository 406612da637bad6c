import { Inject, Injectable } from '@nestjs/common';
import { parseId } from '@photofeed/ids';
import { pageOf, type PageQuery } from '../consistency/page-query.dto';
import { ReadConsistency, type HeaderReply } from '../consistency/read-consistency';
import { notFound } from '../documents/not-found';
import { ViewHydrator } from '../documents/view-hydrator';
import type {
  PhotoPage,
  PhotoResponseWithConsistency,
  UserPage,
  UserProfileResponse,
} from '../documents/views.dto';
import { READ_SIDE, type ReadSide } from '../read-side';

/** Profiles, photos and relation lists from the shard read models, for REST and GraphQL alike. */
@Injectable()
export class UserQueries {
  constructor(
    @Inject(READ_SIDE) private readonly reads: ReadSide,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
    @Inject(ViewHydrator) private readonly hydrate: ViewHydrator,
  ) {}

  async profile(
    userId: string,
    minPosition: string | undefined,
    reply?: HeaderReply,
  ): Promise<UserProfileResponse> {
    const consistency = await this.wait(minPosition, reply);
    const profile = await this.hydrate.profile(userId);
    if (!profile) throw notFound('user', userId);
    return { ...profile, ...(consistency ? { consistency } : {}) };
  }

  async photo(
    photoId: string,
    minPosition: string | undefined,
    reply?: HeaderReply,
  ): Promise<PhotoResponseWithConsistency> {
    const consistency = await this.wait(minPosition, reply);
    const [photo] = await this.hydrate.photos([photoId]);
    if (!photo) throw notFound('photo', photoId);
    return { ...photo, ...(consistency ? { consistency } : {}) };
  }

  async userPhotos(userId: string, query: PageQuery, reply?: HeaderReply): Promise<PhotoPage> {
    const consistency = await this.wait(query.minPosition, reply);
    const page = await this.reads.lists.userPhotos(parseId(userId), pageOf(query));
    const items = await this.hydrate.photos(page.items);
    return { items, nextCursor: page.nextCursor, ...(consistency ? { consistency } : {}) };
  }

  /** Users related to `id`: who follows it, whom it follows, who liked it (a photo). */
  async users(
    list: 'followers' | 'following' | 'photoLikers',
    id: string,
    query: PageQuery,
    reply?: HeaderReply,
  ): Promise<UserPage> {
    const consistency = await this.wait(query.minPosition, reply);
    const page = await this.reads.lists[list](parseId(id), pageOf(query));
    const items = await this.hydrate.users(page.items);
    return { items, nextCursor: page.nextCursor, ...(consistency ? { consistency } : {}) };
  }

  private wait(minPosition: string | undefined, reply?: HeaderReply) {
    return this.consistency.await(this.reads.views.models, minPosition, reply);
  }
}
