import { Module } from '@nestjs/common';
import { DeletePhotoController } from './delete-photo/delete-photo.controller';
import { DeletePhotoHandler } from './delete-photo/delete-photo.handler';
import { photoMediaProviders } from './photo-media.providers';
import { registerPhotoProblems } from './photo-problems';
import { PostPhotoController } from './post-photo/post-photo.controller';
import { PostPhotoHandler } from './post-photo/post-photo.handler';

/**
 * POST /photos (multipart upload to S3, then PhotoPosted) and DELETE /photos/:photoId. Needs the
 * platform (config, S3 client), the event log and CQRS from the root module; authentication is
 * the global bearer guard.
 */
@Module({
  controllers: [PostPhotoController, DeletePhotoController],
  providers: [...photoMediaProviders, PostPhotoHandler, DeletePhotoHandler],
})
export class PhotosModule {
  constructor() {
    registerPhotoProblems();
  }
}
