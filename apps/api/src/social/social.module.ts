import { Module } from '@nestjs/common';
import { DevicesController } from './devices/devices.controller';
import { RegisterDeviceHandler } from './devices/register-device.handler';
import { UnregisterDeviceHandler } from './devices/unregister-device.handler';
import { FollowsController } from './follows/follows.controller';
import { FollowUserHandler } from './follows/follow-user.handler';
import { UnfollowUserHandler } from './follows/unfollow-user.handler';
import { LikePhotoHandler } from './likes/like-photo.handler';
import { LikesController } from './likes/likes.controller';
import { UnlikePhotoHandler } from './likes/unlike-photo.handler';
import { ProfileController } from './profile/profile.controller';
import { UpdateProfileHandler } from './profile/update-profile.handler';

/**
 * The social writes over REST: likes, follows, devices for push, the caller's profile. Each is a
 * command through the CommandBus to a handler that runs one domain decider; domain refusals
 * become problems through the mapper the event-log module registers (by kind).
 */
@Module({
  controllers: [LikesController, FollowsController, DevicesController, ProfileController],
  providers: [
    LikePhotoHandler,
    UnlikePhotoHandler,
    FollowUserHandler,
    UnfollowUserHandler,
    RegisterDeviceHandler,
    UnregisterDeviceHandler,
    UpdateProfileHandler,
  ],
})
export class SocialModule {}
