import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { positionsAsText } from '@photofeed/views';
import { Public } from '../auth/public.decorator';
import { READ_SIDE, type ReadSide } from '../reads/read-side';
import { OperatorTokenGuard } from './operator-token.guard';

/**
 * What `feedctl status --json` shows, over HTTP for operators' dashboards and scripts: every
 * projection with version, role, state, checkpoint, lag, events/s, parked count and holder, the log
 * head, and each view's versions. Not for app clients: behind the operator token, not in the
 * public API document.
 */
@Controller('admin')
@Public() // not a user's access token: the operator token (OperatorTokenGuard)
@UseGuards(OperatorTokenGuard)
@ApiExcludeController()
export class AdminController {
  constructor(@Inject(READ_SIDE) private readonly reads: ReadSide) {}

  @Get('projections')
  async projections(): Promise<unknown> {
    // Positions as "<tx>-<seq>", as everywhere else in the api.
    return JSON.parse(JSON.stringify(await this.reads.operatorStatus(), positionsAsText));
  }
}
