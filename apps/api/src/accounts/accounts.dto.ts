import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';

// Shape checks only (types, sane lengths); the domain owns the rules (username pattern, ...).

export class RegisterRequest {
  @ApiProperty({
    example: 'ana',
    description: '3–30 characters: letters, digits, "." and "_"; unique, case-insensitive.',
  })
  @IsString()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'Ana Lima', description: '1–64 characters.' })
  @IsString()
  @MaxLength(128)
  displayName!: string;

  @ApiProperty({ example: 'correct horse battery staple', minLength: 8, maxLength: 256 })
  @IsString()
  @Length(8, 256)
  password!: string;
}

export class SignInRequest {
  @ApiProperty({ example: 'ana' })
  @IsString()
  @MaxLength(64)
  username!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(256)
  password!: string;
}

export class RefreshRequest {
  @ApiProperty({ description: 'The refresh token from sign-in or the last refresh.' })
  @IsString()
  @MaxLength(200)
  refreshToken!: string;
}

export class TokenPairResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds the access token lives.' }) expiresIn!: number;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ format: 'date-time' }) refreshExpiresAt!: string;
}

export class SessionResponse {
  @ApiProperty({ description: 'The user id (64-bit, as a string).' }) userId!: string;
  @ApiProperty({ type: TokenPairResponse }) tokens!: TokenPairResponse;
  @ApiProperty({
    description: 'Log position this write reached: pass it as minPosition to read your own write.',
  })
  position!: string;
}
