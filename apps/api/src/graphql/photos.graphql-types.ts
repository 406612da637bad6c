import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsId } from './is-id.validator';
import { WriteResult } from './write-result.type';

@InputType()
export class DeletePhotoInput {
  @Field(() => ID)
  @IsId()
  photoId!: string;
}

@ObjectType({ implements: () => [WriteResult] })
export class DeletePhotoPayload extends WriteResult {
  @Field(() => ID)
  photoId!: string;
}
