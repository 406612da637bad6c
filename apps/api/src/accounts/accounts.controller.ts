import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { commandContext } from '../auth/command-context';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { ApiProblems, BEARER_AUTH, RateLimit } from '../platform';
import { withPosition, type PositionReply } from '../event-log/log-position-header';
import type { AuthenticatedUser } from './access-tokens';
import { RefreshRequest, RegisterRequest, SessionResponse, SignInRequest } from './accounts.dto';
import { RefreshSessionCommand } from './refresh-session.handler';
import { RegisterUserCommand } from './register-user.handler';
import { SignInCommand } from './sign-in.handler';
import { SignOutCommand } from './sign-out.handler';

@ApiTags('accounts')
@Controller('auth')
export class AccountsController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post('register')
  @Public()
  @RateLimit({ perIp: { limit: 20, windowSeconds: 3600 } })
  @ApiCreatedResponse({ type: SessionResponse })
  @ApiProblems(409, 422)
  async register(@Body() body: RegisterRequest, @Res({ passthrough: true }) reply: PositionReply) {
    const r = await this.commands.execute(
      new RegisterUserCommand(body.username, body.displayName, body.password, commandContext()),
    );
    return withPosition(reply, r.position, {
      userId: r.user.id,
      user: r.user,
      tokens: r.tokens,
      position: r.position,
    });
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @RateLimit({ perIp: { limit: 30, windowSeconds: 300 } })
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblems(401)
  async login(@Body() body: SignInRequest, @Res({ passthrough: true }) reply: PositionReply) {
    const r = await this.commands.execute(
      new SignInCommand(body.username, body.password, commandContext()),
    );
    return withPosition(reply, r.position, {
      userId: r.userId,
      tokens: r.tokens,
      position: r.position,
    });
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblems(401)
  async refresh(@Body() body: RefreshRequest, @Res({ passthrough: true }) reply: PositionReply) {
    const r = await this.commands.execute(
      new RefreshSessionCommand(body.refreshToken, commandContext()),
    );
    return withPosition(reply, r.position, { tokens: r.tokens, position: r.position });
  }

  @Post('logout')
  @HttpCode(200)
  @ApiBearerAuth(BEARER_AUTH)
  @ApiProblems(401)
  async logout(
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: PositionReply,
  ) {
    const r = await this.commands.execute(
      new SignOutCommand(user.userId, user.sessionId, commandContext()),
    );
    return withPosition(reply, r.position, { changed: r.changed, position: r.position });
  }
}
