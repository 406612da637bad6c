import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

// The shapes the read-model queries (issue #4) answer with. Only `Query.me` resolves a User yet;
// fields the read models will fill are nullable until then rather than filled with made-up data.
// Ids are `ID` (decimal strings): 64-bit ids do not fit GraphQL's Int or a JS number.

@ObjectType({ description: 'A user. Fields other than id and username come from the read models.' })
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  username!: string;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => String, { nullable: true })
  bio?: string | null;

  @Field(() => Int, { nullable: true })
  photoCount?: number | null;

  @Field(() => Int, { nullable: true })
  followerCount?: number | null;

  @Field(() => Int, { nullable: true })
  followingCount?: number | null;
}

@ObjectType({ description: 'Where a photo was taken.' })
export class Location {
  @Field(() => Float)
  lat!: number;

  @Field(() => Float)
  lng!: number;

  @Field(() => String, { nullable: true })
  placeName?: string | null;
}

@ObjectType({ description: 'CDN URLs of a photo: the re-encoded original and its squares.' })
export class PhotoUrls {
  @Field(() => String, { description: 'The re-encoded original, its own aspect ratio.' })
  original!: string;

  @Field(() => String, { description: '612×612' })
  large!: string;

  @Field(() => String, { description: '306×306' })
  medium!: string;

  @Field(() => String, { description: '150×150' })
  small!: string;
}

@ObjectType({ description: 'A posted photo.' })
export class Photo {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  ownerId!: string;

  @Field(() => User, { nullable: true, description: 'Resolved from the users read model.' })
  owner?: User | null;

  @Field(() => String)
  caption!: string;

  @Field(() => Location, { nullable: true })
  location?: Location | null;

  @Field(() => PhotoUrls)
  urls!: PhotoUrls;

  @Field(() => Int, { description: 'Of the original, in pixels.' })
  width!: number;

  @Field(() => Int)
  height!: number;

  @Field(() => GraphQLISODateTime)
  postedAt!: Date;

  @Field(() => Int, { nullable: true })
  likeCount?: number | null;
}

@ObjectType({
  description:
    'Where a page of a list ends. Cursors are opaque: pass endCursor as `after` for the next page.',
})
export class PageInfo {
  @Field(() => String, { nullable: true, description: 'Null when the page is empty.' })
  endCursor!: string | null;

  @Field(() => Boolean)
  hasNextPage!: boolean;
}

/** Defined for the read-model queries but not reachable from a field yet: listed so they are in the schema. */
export const READ_MODEL_TYPES = [User, Photo, Location, PhotoUrls, PageInfo];
