import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '../../accounts/access-tokens';
import { commandContext } from '../../auth/command-context';
import { CurrentUser } from '../../auth/current-user.decorator';
import { withPosition, type PositionReply } from '../../event-log/log-position-header';
import { ApiProblems, BEARER_AUTH, ProblemError, ProblemTypes, RateLimit } from '../../platform';
import { PHOTO_URLS, type PhotoUrlsFor } from '../photo-media.providers';
import { photoResponse } from '../photo-response';
import { PostPhotoResponse, UPLOAD_PHOTO_SCHEMA } from '../photos.dto';
import { PostPhotoCommand, type PostedPhoto } from './post-photo.handler';
import { readUploadForm } from './upload-form';

@ApiTags('photos')
@ApiBearerAuth(BEARER_AUTH)
@Controller('photos')
export class PostPhotoController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(PHOTO_URLS) private readonly urlsFor: PhotoUrlsFor,
  ) {}

  @Post()
  // An upload costs a decode, four encodes and four S3 puts: far more than any other write, so it
  // gets a budget of its own, much below the global one.
  @RateLimit({
    perIp: { limit: 60, windowSeconds: 60 },
    perUser: { limit: 30, windowSeconds: 60 },
  })
  @ApiOperation({ summary: 'Post a photo (multipart/form-data upload)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_PHOTO_SCHEMA })
  @ApiCreatedResponse({ type: PostPhotoResponse })
  @ApiProblems(401, 413, 415, 422, 503)
  async post(
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: PositionReply,
  ): Promise<PostPhotoResponse> {
    // JSON reaches here too (it has a parser); only multipart carries a file.
    if (!request.isMultipart()) throw notMultipart();
    const form = await readUploadForm(request.body);
    const posted: PostedPhoto = await this.commands.execute(
      new PostPhotoCommand(user.userId, form.image, form.caption, form.location, commandContext()),
    );
    return withPosition(reply, posted.position, {
      photo: photoResponse(posted.photo, this.urlsFor),
      position: posted.position,
    });
  }
}

function notMultipart(): ProblemError {
  return new ProblemError({
    type: ProblemTypes.unsupportedMediaType,
    status: 415,
    title: 'Unsupported media type',
    detail: 'Upload the photo as multipart/form-data, in a file field named "photo".',
  });
}
