import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsString, MaxLength } from 'class-validator';
import { IsId } from './is-id.validator';
import { WriteResult } from './write-result.type';

/** The domain's values ('production', 'sandbox') behind GraphQL's customary enum names. */
export enum DeviceEnvironment {
  PRODUCTION = 'production',
  SANDBOX = 'sandbox',
}
registerEnumType(DeviceEnvironment, {
  name: 'DeviceEnvironment',
  description: 'The APNs environment a device token belongs to.',
});

@InputType()
export class RegisterDeviceInput {
  @Field(() => String, {
    description: 'APNs device token: 64 hexadecimal characters, either case.',
  })
  @IsString()
  @MaxLength(256)
  token!: string;

  @Field(() => DeviceEnvironment)
  @IsEnum(DeviceEnvironment)
  environment!: DeviceEnvironment;
}

@InputType()
export class UnregisterDeviceInput {
  @Field(() => ID)
  @IsId()
  deviceId!: string;
}

@ObjectType({ implements: () => [WriteResult] })
export class RegisterDevicePayload extends WriteResult {
  @Field(() => ID, {
    description: 'For unregisterDevice. A token already registered keeps its id.',
  })
  deviceId!: string;
}

@ObjectType({ implements: () => [WriteResult] })
export class UnregisterDevicePayload extends WriteResult {
  @Field(() => ID)
  deviceId!: string;
}
