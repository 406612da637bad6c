import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsString, Length, MaxLength } from 'class-validator';
import { User } from './read-model.types';
import { WriteResult } from './write-result.type';

// Inputs check shape only (types, sane lengths), as the REST DTOs do; the domain owns the rules.

@InputType()
export class RegisterInput {
  @Field(() => String, {
    description: '3–30 characters: letters, digits, "." and "_"; unique, case-insensitive.',
  })
  @IsString()
  @MaxLength(64)
  username!: string;

  @Field(() => String, { description: '1–64 characters.' })
  @IsString()
  @MaxLength(128)
  displayName!: string;

  @Field(() => String, { description: '8–256 characters.' })
  @IsString()
  @Length(8, 256)
  password!: string;
}

@InputType()
export class LoginInput {
  @Field(() => String)
  @IsString()
  @MaxLength(64)
  username!: string;

  @Field(() => String)
  @IsString()
  @MaxLength(256)
  password!: string;
}

@InputType()
export class RefreshSessionInput {
  @Field(() => String, {
    description: 'The refresh token from login, register or the last refresh.',
  })
  @IsString()
  @MaxLength(200)
  refreshToken!: string;
}

@ObjectType()
export class TokenPair {
  @Field(() => String)
  accessToken!: string;

  @Field(() => String, { description: 'Always "Bearer".' })
  tokenType!: string;

  @Field(() => Int, { description: 'Seconds the access token lives.' })
  expiresIn!: number;

  @Field(() => String, { description: 'Single use: each refresh answers a new one.' })
  refreshToken!: string;

  @Field(() => GraphQLISODateTime)
  refreshExpiresAt!: Date;
}

@ObjectType({ implements: () => [WriteResult] })
export class RegisterPayload extends WriteResult {
  @Field(() => User)
  user!: User;

  @Field(() => TokenPair)
  tokens!: TokenPair;
}

@ObjectType({ implements: () => [WriteResult] })
export class LoginPayload extends WriteResult {
  @Field(() => ID)
  userId!: string;

  @Field(() => TokenPair)
  tokens!: TokenPair;
}

@ObjectType({ implements: () => [WriteResult] })
export class RefreshSessionPayload extends WriteResult {
  @Field(() => TokenPair)
  tokens!: TokenPair;
}

@ObjectType({ implements: () => [WriteResult] })
export class LogoutPayload extends WriteResult {}
