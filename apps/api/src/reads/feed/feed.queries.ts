import { Inject, Injectable } from '@nestjs/common';
import { parseId } from '@photofeed/ids';
import { pageOf, type PageQuery } from '../consistency/page-query.dto';
import { ReadConsistency, type HeaderReply } from '../consistency/read-consistency';
import { ViewHydrator } from '../documents/view-hydrator';
import type { ActivityItem, ActivityPage, PhotoPage } from '../documents/views.dto';
import { READ_SIDE, type ActivityGroup, type ReadSide } from '../read-side';
import { activityText } from '../activity/activity-text';

/** The caller's own feeds, for REST and GraphQL alike. */
@Injectable()
export class FeedQueries {
  constructor(
    @Inject(READ_SIDE) private readonly reads: ReadSide,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
    @Inject(ViewHydrator) private readonly hydrate: ViewHydrator,
  ) {}

  async homeFeed(userId: string, query: PageQuery, reply?: HeaderReply): Promise<PhotoPage> {
    const consistency = await this.consistency.await(
      this.reads.views.homeFeed,
      query.minPosition,
      reply,
    );
    const page = await this.reads.homeFeed.read(parseId(userId), pageOf(query));
    const items = await this.hydrate.photos(
      page.items.map((e) => e.photoId),
      page.items.map((e) => e.authorId),
    );
    return { items, nextCursor: page.nextCursor, ...(consistency ? { consistency } : {}) };
  }

  async activity(userId: string, query: PageQuery, reply?: HeaderReply): Promise<ActivityPage> {
    const consistency = await this.consistency.await(
      this.reads.views.activity,
      query.minPosition,
      reply,
    );
    const page = await this.reads.activity.read(parseId(userId), pageOf(query));
    return {
      items: await this.activityItems(page.items),
      nextCursor: page.nextCursor,
      unread: page.unread,
      ...(consistency ? { consistency } : {}),
    };
  }

  markActivitySeen(userId: string): Promise<void> {
    return this.reads.activity.markSeen(parseId(userId));
  }

  /** One multi-get for every actor and one for every photo of the page. */
  private async activityItems(groups: ActivityGroup[]): Promise<ActivityItem[]> {
    const actorIds = [...new Set(groups.flatMap((g) => g.actorIds))];
    const actors = new Map((await this.hydrate.users(actorIds)).map((u) => [u.id, u]));
    const photoIds = [...new Set(groups.flatMap((g) => (g.photoId ? [g.photoId] : [])))];
    const photos = new Map((await this.hydrate.photos(photoIds)).map((p) => [p.id, p]));
    return groups.map((g) => {
      const groupActors = g.actorIds.flatMap((id) => actors.get(id) ?? []);
      return {
        kind: g.kind,
        photo: g.photoId ? (photos.get(g.photoId) ?? null) : null,
        day: g.day,
        actors: groupActors,
        actorCount: g.actorCount,
        latestAt: g.latestAt,
        text: activityText(g.kind, groupActors[0]?.username, g.actorCount),
      };
    });
  }
}
