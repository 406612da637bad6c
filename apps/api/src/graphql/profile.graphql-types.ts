import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsString, MaxLength, ValidateIf } from 'class-validator';
import { WriteResult } from './write-result.type';

// Shape checks only, as REST's; the domain owns the limits (display name 1–64, bio ≤ 150: 422).
// `ValidateIf(defined)` rather than `IsOptional`: an explicit null is neither "keep" nor "clear".
const defined = (_: object, value: unknown) => value !== undefined;

@InputType({ description: 'Give displayName, bio, or both. Absent fields stay as they are.' })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true, description: '1–64 characters.' })
  @ValidateIf(defined)
  @IsString()
  @MaxLength(256)
  displayName?: string;

  @Field(() => String, { nullable: true, description: 'At most 150 characters; empty clears it.' })
  @ValidateIf(defined)
  @IsString()
  @MaxLength(2000)
  bio?: string;
}

@ObjectType({ implements: () => [WriteResult] })
export class UpdateProfilePayload extends WriteResult {}
