import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Decisions, type CommandContext, type CommandOutcome } from '@photofeed/command-handling';
import {
  initialPhotoState,
  photoStream,
  postPhoto,
  postPhotoDecider,
  type PhotoLocation,
  type PhotoPosted,
  type PostPhoto,
} from '@photofeed/domain';
import { formatLogPosition, type EventStore } from '@photofeed/event-store';
import { formatId, parseId, PostgresIdAllocator, shardOf } from '@photofeed/ids';
import { PhotoProcessor, photoObjectKeys, S3PhotoStorage } from '@photofeed/media';
import { EVENT_STORE } from '../../event-log/event-log.module';

export class PostPhotoCommand {
  constructor(
    readonly ownerId: string,
    /** The uploaded file's bytes, untrusted: the processor decides what they are. */
    readonly image: Buffer,
    readonly caption: string,
    readonly location: PhotoLocation | undefined,
    readonly context: CommandContext,
  ) {}
}

export interface PostedPhoto {
  photo: PhotoPosted['data'];
  /** Null only if the photo was already posted (a retry); never for a fresh id in practice. */
  position: string | null;
}

/**
 * Posting is the one write with a side effect the log cannot roll back: objects in S3. The order
 * keeps the two consistent:
 * 1. process the image (refuses bombs, non-images, too small) — nothing allocated yet;
 * 2. allocate the id on the owner's shard, so the id says where the photo's rows live;
 * 3. decide on the empty stream first, so a domain refusal (caption, location) uploads nothing;
 * 4. upload (all four sizes or none: PhotoStorageError → 503, and no event);
 * 5. append; if that fails, remove the objects, which no event references.
 */
@CommandHandler(PostPhotoCommand)
export class PostPhotoHandler implements ICommandHandler<PostPhotoCommand, PostedPhoto> {
  private readonly logger = new Logger(PostPhotoHandler.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Decisions) private readonly decisions: Decisions,
    @Inject(PostgresIdAllocator) private readonly ids: PostgresIdAllocator,
    @Inject(PhotoProcessor) private readonly processor: PhotoProcessor,
    @Inject(S3PhotoStorage) private readonly storage: S3PhotoStorage,
  ) {}

  async execute({
    ownerId,
    image,
    caption,
    location,
    context,
  }: PostPhotoCommand): Promise<PostedPhoto> {
    const processed = await this.processor.process(image);
    const photoId = formatId(await this.ids.next(shardOf(parseId(ownerId))));
    const { width, height } = processed.images.original;
    const command: PostPhoto = {
      photoId,
      ownerId,
      caption,
      ...(location && { location }),
      objects: photoObjectKeys(photoId),
      width,
      height,
      now: new Date(),
    };
    // Throws the domain's refusal before anything is stored. The id is fresh, so the stream is
    // empty; runDecider below decides again on the real stream, with the same inputs.
    const [posted] = postPhoto(command, initialPhotoState()).events;

    await this.storage.putPhoto(photoId, processed);
    const outcome = await this.appendOrDiscardUpload(command, context);
    return { photo: posted.data, position: outcome.position };
  }

  private async appendOrDiscardUpload(
    command: PostPhoto,
    context: CommandContext,
  ): Promise<CommandOutcome> {
    try {
      return await this.decisions.run(postPhotoDecider, command, {
        ...context,
        actorId: command.ownerId,
      });
    } catch (error) {
      // An append can fail after its commit (the connection drops before the answer). Deleting
      // the objects then would break a live photo, so ask the log first; if even that fails, the
      // append most likely never committed, and the objects go.
      const landed = await this.postedAnyway(command).catch(() => undefined);
      if (landed) return landed;
      await this.storage
        .deletePhoto(command.photoId)
        .catch((cleanupError: Error) =>
          this.logger.error(
            `photo ${command.photoId}: the append failed and its objects could not be deleted ` +
              `(now unreferenced garbage under photos/${command.photoId}/): ${cleanupError.message}`,
          ),
        );
      throw error;
    }
  }

  /** The outcome of an append that did commit despite the error, if the log shows it. */
  private async postedAnyway(command: PostPhoto): Promise<CommandOutcome | undefined> {
    const events = await this.store.readStream(photoStream(command.photoId));
    const posted = events.find(
      (e) =>
        e.type === 'PhotoPosted' && (e.data as PhotoPosted['data']).ownerId === command.ownerId,
    );
    return posted
      ? { changed: true, position: formatLogPosition(posted.position), append: null }
      : undefined;
  }
}
