import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DEFAULT_IDEMPOTENCY_OPTIONS, IDEMPOTENCY_OPTIONS } from './idempotency.options';
import { IdempotencyGate } from './idempotency-gate';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency-store';

@Module({
  providers: [
    { provide: IDEMPOTENCY_OPTIONS, useValue: DEFAULT_IDEMPOTENCY_OPTIONS },
    IdempotencyStore,
    IdempotencyGate,
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [IdempotencyStore],
})
export class IdempotencyModule {}
