import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CAPTION_MAX, PLACE_NAME_MAX } from '@photofeed/domain';

const POSITION_DESCRIPTION =
  'Log position this write reached (also the x-log-position header): pass it as minPosition to ' +
  'read your own write. Null when nothing was written.';

/** The upload's multipart/form-data fields, for the OpenAPI document (parsed by readUploadForm). */
export const UPLOAD_PHOTO_SCHEMA = {
  type: 'object',
  required: ['photo'],
  properties: {
    photo: {
      type: 'string',
      format: 'binary',
      description:
        'A JPEG, PNG or WebP (detected from the bytes), at least 150 px on each side. ' +
        'Stored re-encoded as JPEG without metadata.',
    },
    caption: { type: 'string', maxLength: CAPTION_MAX, example: 'Sunset at the pier' },
    lat: { type: 'number', minimum: -90, maximum: 90, description: 'With lng, or neither.' },
    lng: { type: 'number', minimum: -180, maximum: 180, description: 'With lat, or neither.' },
    placeName: {
      type: 'string',
      maxLength: PLACE_NAME_MAX,
      description: 'Only with lat and lng.',
    },
  },
};

export class PhotoLocationResponse {
  @ApiProperty({ example: 38.7223 }) lat!: number;
  @ApiProperty({ example: -9.1393 }) lng!: number;
  @ApiPropertyOptional({ example: 'Lisbon' }) placeName?: string;
}

export class PhotoUrlsResponse {
  @ApiProperty({ description: 'Re-encoded original, longest side at most 2048 px.' })
  original!: string;
  @ApiProperty({ description: '612×612 square.' }) large!: string;
  @ApiProperty({ description: '306×306 square.' }) medium!: string;
  @ApiProperty({ description: '150×150 square.' }) small!: string;
}

export class PhotoResponse {
  @ApiProperty({ description: 'The photo id (64-bit, as a string).' }) id!: string;
  @ApiProperty({ description: 'The owner’s user id.' }) ownerId!: string;
  @ApiProperty({ description: 'Empty when none was given.' }) caption!: string;
  @ApiProperty({ type: PhotoLocationResponse, nullable: true })
  location!: PhotoLocationResponse | null;
  @ApiProperty({ description: 'Of the stored original, in pixels.' }) width!: number;
  @ApiProperty({ description: 'Of the stored original, in pixels.' }) height!: number;
  @ApiProperty({ type: PhotoUrlsResponse }) urls!: PhotoUrlsResponse;
  @ApiProperty({ format: 'date-time' }) postedAt!: string;
}

export class PostPhotoResponse {
  @ApiProperty({ type: PhotoResponse }) photo!: PhotoResponse;
  @ApiProperty({ description: POSITION_DESCRIPTION, type: String, nullable: true })
  position!: string | null;
}

export class DeletePhotoResponse {
  @ApiProperty({ description: 'False when the photo was already deleted: nothing was written.' })
  changed!: boolean;
  @ApiProperty({ description: POSITION_DESCRIPTION, type: String, nullable: true })
  position!: string | null;
}
