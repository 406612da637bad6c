import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsId } from './is-id.validator';
import { WriteResult } from './write-result.type';

@InputType()
export class LikePhotoInput {
  @Field(() => ID)
  @IsId()
  photoId!: string;
}

@InputType()
export class UnlikePhotoInput {
  @Field(() => ID)
  @IsId()
  photoId!: string;
}

@InputType()
export class FollowUserInput {
  @Field(() => ID, { description: 'The user to follow.' })
  @IsId()
  userId!: string;
}

@InputType()
export class UnfollowUserInput {
  @Field(() => ID, { description: 'The user to stop following.' })
  @IsId()
  userId!: string;
}

@ObjectType({ implements: () => [WriteResult] })
export class LikePhotoPayload extends WriteResult {
  @Field(() => ID)
  photoId!: string;
}

@ObjectType({ implements: () => [WriteResult] })
export class UnlikePhotoPayload extends WriteResult {
  @Field(() => ID)
  photoId!: string;
}

@ObjectType({ implements: () => [WriteResult] })
export class FollowUserPayload extends WriteResult {
  @Field(() => ID, { description: 'The user followed.' })
  userId!: string;
}

@ObjectType({ implements: () => [WriteResult] })
export class UnfollowUserPayload extends WriteResult {
  @Field(() => ID, { description: 'The user no longer followed.' })
  userId!: string;
}
