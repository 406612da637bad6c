import type { LogPosition } from '@photofeed/event-store';
import type { ActivityGroup } from '@photofeed/activity';
import type { FeedEntry } from '@photofeed/feeds';
import type { Page } from '@photofeed/pagination';
import type { PhotoDocument, UserDocument } from '@photofeed/read-models';
import type { ViewStatusReport } from '@photofeed/views';

// The views' own document and entry types: the api shows what the libraries keep.
export type { ActivityGroup, FeedEntry, PhotoDocument, UserDocument };

/**
 * What the queries need from the views, as one narrow port. The api never touches a view's keys
 * or tables itself: each library that keeps a view also answers questions about it, and
 * read-side.providers.ts builds this from them.
 */
export interface ReadSide {
  readonly documents: DocumentSource;
  readonly lists: RelationLists;
  readonly homeFeed: { read(userId: bigint, page: PageRequest): Promise<Page<FeedEntry>> };
  readonly activity: {
    read(userId: bigint, page: PageRequest): Promise<Page<ActivityGroup> & { unread: number }>;
    markSeen(userId: bigint): Promise<void>;
  };
  readonly positions: {
    waitFor(names: string[], position: LogPosition, timeoutMs: number): Promise<WaitOutcome>;
  };
  /** The projections each query reads, for read-your-writes. */
  readonly views: { homeFeed: string[]; activity: string[]; models: string[] };
  /** Every projection's status, for operators (GET /admin/projections, as feedctl status). */
  operatorStatus(): Promise<ViewStatusReport>;
  /** Starts what runs in the background (the all-in-one projector); a no-op otherwise. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface WaitOutcome {
  reached: boolean;
  behind: string[];
}

export interface DocumentSource {
  getUsers(ids: bigint[]): Promise<Map<string, UserDocument>>;
  getPhotos(ids: bigint[]): Promise<Map<string, PhotoDocument>>;
}

export interface RelationLists {
  userPhotos(ownerId: bigint, page: PageRequest): Promise<Page<string>>;
  photoLikers(photoId: bigint, page: PageRequest): Promise<Page<string>>;
  followers(userId: bigint, page: PageRequest): Promise<Page<string>>;
  following(userId: bigint, page: PageRequest): Promise<Page<string>>;
}

export const READ_SIDE = Symbol('READ_SIDE');
