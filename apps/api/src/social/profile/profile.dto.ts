import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, ValidateIf } from 'class-validator';

// Shape checks only; the domain owns the limits (display name 1–64, bio ≤ 150 characters: 422).
// `ValidateIf(defined)` rather than `IsOptional`: IsOptional also lets `null` through, which is
// neither "keep" nor "clear" and must be refused here.
const defined = (_: object, value: unknown) => value !== undefined;

export class UpdateProfileRequest {
  @ApiPropertyOptional({ example: 'Ana Lima', description: '1–64 characters. Absent: unchanged.' })
  @ValidateIf(defined)
  @IsString()
  @MaxLength(256)
  displayName?: string;

  @ApiPropertyOptional({
    example: 'Sunsets and coffee.',
    description: 'At most 150 characters. Absent: unchanged; empty: cleared.',
  })
  @ValidateIf(defined)
  @IsString()
  @MaxLength(2000)
  bio?: string;
}
