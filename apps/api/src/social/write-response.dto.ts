import { ApiProperty } from '@nestjs/swagger';

/** The answer of every social write: whether it changed anything, and where the log got to. */
export class WriteResponse {
  @ApiProperty({
    description:
      'False when it was already so (liking a liked photo, unfollowing someone not followed): nothing was written.',
  })
  changed!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '81234-5678',
    description:
      'Log position this write reached (also the x-log-position header): pass it as minPosition to read your own write. Null when nothing was written.',
  })
  position!: string | null;
}
