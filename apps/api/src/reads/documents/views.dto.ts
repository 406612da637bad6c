import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PhotoLocationResponse, PhotoUrlsResponse } from '../../photos/photos.dto';

/** Where an answer stands against the minPosition the client asked for. */
export class ConsistencyResponse {
  @ApiProperty({ example: '81234-5678' }) minPosition!: string;
  @ApiProperty({ description: 'False: the views were still behind when the wait bound ran out.' })
  reached!: boolean;
  @ApiProperty({ type: [String], description: 'The views still behind.' }) behind!: string[];
}

export class UserSummary {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
}

export class UserProfileResponse extends UserSummary {
  @ApiProperty() bio!: string;
  @ApiProperty() photoCount!: number;
  @ApiProperty() followerCount!: number;
  @ApiProperty() followingCount!: number;
  @ApiPropertyOptional({ type: ConsistencyResponse }) consistency?: ConsistencyResponse;
}

export class PhotoView {
  @ApiProperty({ description: 'The photo id (64-bit, as a string).' }) id!: string;
  @ApiProperty() ownerId!: string;
  @ApiProperty({ type: UserSummary, nullable: true }) owner!: UserSummary | null;
  @ApiProperty() caption!: string;
  @ApiProperty({ type: PhotoLocationResponse, nullable: true })
  location!: PhotoLocationResponse | null;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty({ type: PhotoUrlsResponse }) urls!: PhotoUrlsResponse;
  @ApiProperty({ format: 'date-time' }) postedAt!: string;
  @ApiProperty() likeCount!: number;
}

export class PhotoResponseWithConsistency extends PhotoView {
  @ApiPropertyOptional({ type: ConsistencyResponse }) consistency?: ConsistencyResponse;
}

class PageResponse {
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor`; null at the end.' })
  nextCursor!: string | null;
  @ApiPropertyOptional({ type: ConsistencyResponse }) consistency?: ConsistencyResponse;
}

export class PhotoPage extends PageResponse {
  @ApiProperty({ type: [PhotoView] }) items!: PhotoView[];
}

export class UserPage extends PageResponse {
  @ApiProperty({ type: [UserSummary] }) items!: UserSummary[];
}

export class ActivityItem {
  @ApiProperty({ enum: ['like', 'follow'] }) kind!: 'like' | 'follow';
  @ApiProperty({ type: PhotoView, nullable: true, description: 'The photo liked (likes only).' })
  photo!: PhotoView | null;
  @ApiProperty({ example: '2026-11-22', description: 'UTC day the group collects.' }) day!: string;
  @ApiProperty({ type: [UserSummary], description: 'The latest few, newest first.' })
  actors!: UserSummary[];
  @ApiProperty({ description: 'Everyone in the group.' }) actorCount!: number;
  @ApiProperty({ format: 'date-time' }) latestAt!: string;
  @ApiProperty({ example: 'ana and 3 others liked your photo' }) text!: string;
}

export class ActivityPage extends PageResponse {
  @ApiProperty({ type: [ActivityItem] }) items!: ActivityItem[];
  @ApiProperty({ description: 'Groups with activity since the last POST /activity/seen.' })
  unread!: number;
}
