import { Module } from '@nestjs/common';
import { ReadsModule } from '../reads/reads.module';
import { AdminController } from './admin.controller';
import { OperatorTokenGuard } from './operator-token.guard';

/** Operator-only routes (OPERATOR_TOKEN): projection status. */
@Module({
  imports: [ReadsModule],
  controllers: [AdminController],
  providers: [OperatorTokenGuard],
})
export class AdminModule {}
