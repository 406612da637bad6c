import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandContext, CommandOutcome } from '@photofeed/command-handling';
import type { PhotoLocation } from '@photofeed/domain';
import type { EventStore } from '@photofeed/event-store';
import {
  RegisterUserCommand,
  type Registered,
} from '../../../api/src/accounts/register-user.handler';
import type { ApiConfig } from '../../../api/src/config';
import { EVENT_STORE } from '../../../api/src/event-log/event-log.module';
import {
  PostPhotoCommand,
  type PostedPhoto,
} from '../../../api/src/photos/post-photo/post-photo.handler';
import { FollowUserCommand } from '../../../api/src/social/follows/follow-user.handler';
import { LikePhotoCommand } from '../../../api/src/social/likes/like-photo.handler';
import { UpdateProfileCommand } from '../../../api/src/social/profile/update-profile.handler';
import { WriteSideModule } from '../../../api/src/write-side.module';

/**
 * The api's write side in this process (a Nest application context of WriteSideModule: no HTTP
 * server), and the commands the seed sends on its CommandBus. Every write is the api's own handler:
 * registration hashes the password, a photo is processed and uploaded to S3 before PhotoPosted.
 */
export class DemoWriter {
  private constructor(
    private readonly app: INestApplicationContext,
    private readonly commands: CommandBus,
    /** The log the handlers append to: the seed reads its own progress from it. */
    readonly store: EventStore,
  ) {}

  static async open(config: ApiConfig, logger: LoggerService): Promise<DemoWriter> {
    const app = await NestFactory.createApplicationContext(
      WriteSideModule.forRoot(config, 'feedctl-seed'),
      { logger, abortOnError: false },
    );
    return new DemoWriter(app, app.get(CommandBus), app.get<EventStore>(EVENT_STORE));
  }

  async register(
    username: string,
    displayName: string,
    password: string,
    context: CommandContext,
  ): Promise<string> {
    const registered: Registered = await this.commands.execute(
      new RegisterUserCommand(username, displayName, password, context),
    );
    return registered.user.id;
  }

  async updateBio(userId: string, bio: string, context: CommandContext): Promise<boolean> {
    const outcome: CommandOutcome = await this.commands.execute(
      new UpdateProfileCommand(userId, { bio }, context),
    );
    return outcome.changed;
  }

  async follow(followerId: string, followeeId: string, context: CommandContext): Promise<boolean> {
    const outcome: CommandOutcome = await this.commands.execute(
      new FollowUserCommand(followerId, followeeId, context),
    );
    return outcome.changed;
  }

  /** The new photo's id. */
  async postPhoto(
    ownerId: string,
    image: Buffer,
    caption: string,
    location: PhotoLocation | undefined,
    context: CommandContext,
  ): Promise<string> {
    const posted: PostedPhoto = await this.commands.execute(
      new PostPhotoCommand(ownerId, image, caption, location, context),
    );
    return posted.photo.photoId;
  }

  async like(photoId: string, userId: string, context: CommandContext): Promise<boolean> {
    const outcome: CommandOutcome = await this.commands.execute(
      new LikePhotoCommand(photoId, userId, context),
    );
    return outcome.changed;
  }

  /** Ends the pool, the store's listener and the S3 client (the modules' shutdown hooks). */
  close(): Promise<void> {
    return this.app.close();
  }
}

/** Nest's own lines (bootstrap, handler warnings) as notes on stderr: stdout is the summary's. */
export function noteLogger(note: (line: string) => void): LoggerService {
  // Nest passes (message, context) or (message, stack, context): print whatever text came along.
  const write =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) =>
      note([`${level}:`, String(message), ...rest.filter((r) => typeof r === 'string')].join(' '));
  return { log: () => undefined, warn: write('warn'), error: write('error') };
}
