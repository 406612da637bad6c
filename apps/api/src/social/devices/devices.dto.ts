import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { WriteResponse } from '../write-response.dto';

// Shape checks only (strings of sane length); the domain owns the rules and refuses a token that
// is not 64 hex characters or an unknown environment with a 422.

export class RegisterDeviceRequest {
  @ApiProperty({
    description: 'APNs device token: 64 hexadecimal characters, either case.',
    example: '5a1c0e2f9b7d4c3a8e6f1b2d0c9a7e5f3b1d8c6a4e2f0b9d7c5a3e1f8b6d4c2a',
    pattern: '^[0-9a-fA-F]{64}$',
  })
  @IsString()
  @MaxLength(256)
  token!: string;

  @ApiProperty({ enum: ['production', 'sandbox'], description: 'The APNs environment.' })
  @IsString()
  @MaxLength(32)
  environment!: string;
}

export class DeviceResponse extends WriteResponse {
  @ApiProperty({
    description:
      'The device id (64-bit, as a string): for DELETE /devices/{deviceId}. A token already registered keeps its id.',
  })
  deviceId!: string;
}
