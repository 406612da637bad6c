import { ArgsType, Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../reads/consistency/page-query.dto';
import { IsId } from './is-id.validator';
import { PageInfo, Photo, User } from './read-model.types';

// The read queries' shapes. Same semantics as REST (reads/): opaque cursors, a page size of at
// most 100, and `minPosition` for read-your-writes with `consistency` saying whether it was reached.

const MIN_POSITION = {
  nullable: true,
  description:
    'A log position a mutation returned: waits (bounded) until the views have reached it.',
} as const;

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `1–${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} by default.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string;

  @Field(() => String, MIN_POSITION)
  @IsOptional()
  @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'minPosition must be a log position ("<tx>-<seq>")' })
  minPosition?: string;
}

/** One document by id. */
@ArgsType()
export class DocumentArgs {
  @Field(() => ID)
  @IsId()
  id!: string;

  @Field(() => String, MIN_POSITION)
  @IsOptional()
  @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'minPosition must be a log position ("<tx>-<seq>")' })
  minPosition?: string;
}

@ArgsType()
export class UserPageArgs extends PageArgs {
  @Field(() => ID)
  @IsId()
  userId!: string;
}

@ArgsType()
export class PhotoPageArgs extends PageArgs {
  @Field(() => ID)
  @IsId()
  photoId!: string;
}

@ObjectType({ description: 'Whether an answer reflects the minPosition asked for.' })
export class Consistency {
  @Field(() => String) minPosition!: string;
  @Field(() => Boolean, {
    description: 'False: the views were still behind when the wait ran out.',
  })
  reached!: boolean;
  @Field(() => [String], { description: 'The views still behind.' }) behind!: string[];
}

@ObjectType()
export class PhotoConnection {
  @Field(() => [Photo]) items!: Photo[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Consistency, { nullable: true }) consistency?: Consistency | null;
}

@ObjectType()
export class UserConnection {
  @Field(() => [User]) items!: User[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Consistency, { nullable: true }) consistency?: Consistency | null;
}

@ObjectType({ description: '"ana and 3 others liked your photo": one group of activity.' })
export class ActivityItem {
  @Field(() => String, { description: 'like or follow.' }) kind!: 'like' | 'follow';
  @Field(() => Photo, { nullable: true }) photo!: Photo | null;
  @Field(() => String, { description: 'UTC day, YYYY-MM-DD.' }) day!: string;
  @Field(() => [User], { description: 'The latest few, newest first.' }) actors!: User[];
  @Field(() => Int) actorCount!: number;
  @Field(() => GraphQLISODateTime) latestAt!: Date;
  @Field(() => String) text!: string;
}

@ObjectType()
export class ActivityConnection {
  @Field(() => [ActivityItem]) items!: ActivityItem[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Groups with activity since markActivitySeen.' })
  unread!: number;
  @Field(() => Consistency, { nullable: true }) consistency?: Consistency | null;
}
