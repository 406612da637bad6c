import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  Decisions,
  ConcurrencyConflictError,
  loadState,
  type CommandContext,
} from '@photofeed/command-handling';
import {
  deviceWithToken,
  normaliseDeviceToken,
  registerDeviceDecider,
  userEvolver,
  userStream,
} from '@photofeed/domain';
import type { EventStore } from '@photofeed/event-store';
import { formatId, parseId, PostgresIdAllocator, shardOf } from '@photofeed/ids';
import { EVENT_STORE } from '../../event-log/event-log.module';

export class RegisterDeviceCommand {
  constructor(
    readonly userId: string,
    readonly token: string,
    /** Unchecked here: the domain refuses anything but production or sandbox (422). */
    readonly environment: string,
    readonly context: CommandContext,
  ) {}
}

export interface DeviceRegistration {
  deviceId: string;
  changed: boolean;
  position: string | null;
}

/**
 * Registers an APNs token for push. Apps re-register on every launch, so a token already registered
 * (same environment) changes nothing and the answer names the device that holds it.
 *
 * The device id is allocated like every other id (64-bit, on the user's shard), not derived from
 * the token: the domain keeps the existing device for a known token, and a token that moves to the
 * other environment must get a new id (the old registration is replaced, not overwritten).
 */
@CommandHandler(RegisterDeviceCommand)
export class RegisterDeviceHandler implements ICommandHandler<
  RegisterDeviceCommand,
  DeviceRegistration
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Decisions) private readonly decisions: Decisions,
    @Inject(PostgresIdAllocator) private readonly ids: PostgresIdAllocator,
  ) {}

  async execute({
    userId,
    token,
    environment,
    context,
  }: RegisterDeviceCommand): Promise<DeviceRegistration> {
    const candidate = formatId(await this.ids.next(shardOf(parseId(userId))));
    const outcome = await this.decisions.run(
      registerDeviceDecider,
      { userId, deviceId: candidate, token, environment },
      { ...context, actorId: userId },
    );
    const { changed, position } = outcome;
    const deviceId = changed ? candidate : await this.deviceHolding(userId, token);
    return { deviceId, changed, position };
  }

  /** The device the domain kept (unchanged means the token was already registered). */
  private async deviceHolding(userId: string, token: string): Promise<string> {
    const { state } = await loadState(this.store, userStream(userId), userEvolver);
    const kept = deviceWithToken(state, normaliseDeviceToken(token));
    // Unregistered between the decision and this read: a concurrent writer won; let the client retry.
    if (!kept) throw new ConcurrencyConflictError(userStream(userId));
    return kept.deviceId;
  }
}
