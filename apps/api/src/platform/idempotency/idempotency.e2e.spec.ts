import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Module,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { IsString } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { RequestContext } from '../request-context/request-context';
import { createTestApp, type TestApp } from '../testing/create-test-app';
import { HeaderAuthGuard, TEST_USER_HEADER } from '../testing/header-auth.guard';
import { Public } from '../../auth/public.decorator';

class PlaceOrder {
  @IsString()
  item!: string;
}

/** How often each handler really ran, by a per-test tag, so suites and reruns never mix. */
const runs = new Map<string, number>();
const ran = (tag: string) => runs.set(tag, (runs.get(tag) ?? 0) + 1);

// Public to the real bearer guard; HeaderAuthGuard (if any) still names the user.
@Public()
@Controller('test-idempotency')
class IdempotencyTestController {
  @Post(':tag/orders')
  async place(@Param('tag') tag: string, @Body() order: PlaceOrder) {
    ran(tag);
    await sleep(50); // long enough for concurrent duplicates to arrive while it runs
    return {
      orderId: randomUUID(),
      item: order.item,
      idempotency: RequestContext.current()?.idempotency ?? null,
    };
  }

  @Post(':tag/flaky')
  flaky(@Param('tag') tag: string) {
    ran(tag);
    if (runs.get(tag) === 1) throw new Error('the database went away');
    return { attempt: runs.get(tag) };
  }

  @Post(':tag/refused')
  refused(@Param('tag') tag: string) {
    ran(tag);
    throw new ConflictException(`refusal number ${runs.get(tag)}`);
  }

  @Post(':tag/uploads')
  upload(@Param('tag') tag: string, @Req() request: FastifyRequest) {
    ran(tag);
    return { fields: Object.keys(request.body as object), run: runs.get(tag) };
  }

  @Delete(':tag/orders/:id')
  cancel(@Param('tag') tag: string, @Param('id') id: string) {
    ran(tag);
    return { cancelled: id, run: runs.get(tag) };
  }
}

@Module({
  controllers: [IdempotencyTestController],
  providers: [{ provide: APP_GUARD, useClass: HeaderAuthGuard }],
})
class IdempotencyTestModule {}

describe('Idempotency-Key over HTTP (real Redis)', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp({ imports: [IdempotencyTestModule] });
  });

  afterAll(async () => {
    await api?.close();
  });

  const newTag = () => randomUUID().slice(0, 8);

  function send(
    path: string,
    {
      key,
      body,
      method = 'POST',
      user,
    }: { key?: string; body?: unknown; method?: string; user?: string },
  ) {
    const headers: Record<string, string> = {};
    if (key !== undefined) headers['idempotency-key'] = key;
    if (user) headers[TEST_USER_HEADER] = user;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${api.url}/test-idempotency${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  it('a retry with the same key and body gets the first answer, and the handler ran once', async () => {
    const tag = newTag();
    const key = randomUUID();
    const first = await send(`/${tag}/orders`, { key, body: { item: 'lens' } });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstBody = await first.text();

    const retry = await send(`/${tag}/orders`, { key, body: { item: 'lens' } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(await retry.text()).toBe(firstBody);
    expect(runs.get(tag)).toBe(1);
  });

  it('hands the key and its scope to the handler (for deterministic event ids)', async () => {
    const key = randomUUID();
    const res = await send(`/${newTag()}/orders`, { key, body: { item: 'a' }, user: 'u-77' });
    expect(((await res.json()) as { idempotency: unknown }).idempotency).toEqual({
      scope: 'user:u-77',
      key,
    });
  });

  it('the same key with another body → 422 idempotency-key-reused, handler not run', async () => {
    const tag = newTag();
    const key = randomUUID();
    expect((await send(`/${tag}/orders`, { key, body: { item: 'lens' } })).status).toBe(201);
    const reused = await send(`/${tag}/orders`, { key, body: { item: 'tripod' } });
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({
      type: 'https://photofeed.dev/problems/idempotency-key-reused',
    });
    expect(runs.get(tag)).toBe(1);
  });

  it('the same key on another URL is another request → 422', async () => {
    const key = randomUUID();
    expect((await send(`/${newTag()}/orders`, { key, body: { item: 'x' } })).status).toBe(201);
    expect((await send(`/${newTag()}/orders`, { key, body: { item: 'x' } })).status).toBe(422);
  });

  it('a body with its keys in another order is the same request', async () => {
    const tag = newTag();
    const key = randomUUID();
    const body = (raw: string) =>
      fetch(`${api.url}/test-idempotency/${tag}/uploads`, {
        method: 'POST',
        headers: { 'idempotency-key': key, 'content-type': 'application/json' },
        body: raw,
      });
    const first = await body('{"a":1,"b":{"c":2,"d":3}}');
    const second = await body('{ "b": { "d": 3, "c": 2 }, "a": 1 }');
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.text()).toBe(await first.text());
  });

  it('10 concurrent identical requests: the handler runs once, all 10 get the same answer', async () => {
    const tag = newTag();
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => send(`/${tag}/orders`, { key, body: { item: 'lens' } })),
    );
    const answers = await Promise.all(
      responses.map(async (r) => ({ status: r.status, body: await r.text() })),
    );
    expect(runs.get(tag)).toBe(1);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(
      9,
    );
  });

  it('a 5xx releases the key: the retry runs the handler again', async () => {
    const tag = newTag();
    const key = randomUUID();
    expect((await send(`/${tag}/flaky`, { key })).status).toBe(500);
    const retry = await send(`/${tag}/flaky`, { key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await retry.json()).toEqual({ attempt: 2 });
  });

  it('a 4xx answer is stored and replayed like a success', async () => {
    const tag = newTag();
    const key = randomUUID();
    const first = await send(`/${tag}/refused`, { key });
    expect(first.status).toBe(409);
    const firstBody = await first.text();
    const retry = await send(`/${tag}/refused`, { key });
    expect(retry.status).toBe(409);
    expect(retry.headers.get('content-type')).toContain('application/problem+json');
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.text()).toBe(firstBody);
    expect(runs.get(tag)).toBe(1);
  });

  it('keys are scoped to the user: the same key from two users is two requests', async () => {
    const tag = newTag();
    const key = randomUUID();
    const a = await send(`/${tag}/orders`, { key, body: { item: 'x' }, user: `a-${tag}` });
    const b = await send(`/${tag}/orders`, { key, body: { item: 'x' }, user: `b-${tag}` });
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(await b.text()).not.toBe(await a.text());
    expect(runs.get(tag)).toBe(2);
  });

  it('DELETE honours the key too', async () => {
    const tag = newTag();
    const key = randomUUID();
    await send(`/${tag}/orders/9`, { key, method: 'DELETE' });
    const retry = await send(`/${tag}/orders/9`, { key, method: 'DELETE' });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual({ cancelled: '9', run: 1 });
  });

  it('multipart: the same file replays, another file under the same key → 422', async () => {
    const tag = newTag();
    const key = randomUUID();
    const upload = (bytes: Buffer) => {
      const form = new FormData();
      form.append('caption', 'sunset');
      form.append('photo', new Blob([bytes], { type: 'image/png' }), 'sunset.png');
      return fetch(`${api.url}/test-idempotency/${tag}/uploads`, {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body: form,
      });
    };
    const first = await upload(Buffer.alloc(1000, 1));
    expect(first.status).toBe(201);
    const retry = await upload(Buffer.alloc(1000, 1));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(await first.json());
    expect((await upload(Buffer.alloc(1000, 2))).status).toBe(422);
  });

  it('a validation failure under a key is stored too (4xx)', async () => {
    const key = randomUUID();
    const tag = newTag();
    const first = await send(`/${tag}/orders`, { key, body: { item: 7 } });
    expect(first.status).toBe(400);
    const retry = await send(`/${tag}/orders`, { key, body: { item: 7 } });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.text()).toBe(await first.text());
  });

  it.each([
    ['256 characters', 'k'.repeat(256)],
    ['a non-ASCII character', 'clé'],
    ['only blanks (fetch sends it empty)', '   '],
  ])('a malformed key (%s) → 400 invalid-idempotency-key', async (_label, key) => {
    const tag = newTag();
    const res = await send(`/${tag}/orders`, { key, body: { item: 'x' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      type: 'https://photofeed.dev/problems/invalid-idempotency-key',
    });
    expect(runs.get(tag)).toBeUndefined();
  });

  it('requests without a key are not affected', async () => {
    const tag = newTag();
    await send(`/${tag}/orders`, { body: { item: 'x' } });
    await send(`/${tag}/orders`, { body: { item: 'x' } });
    expect(runs.get(tag)).toBe(2);
  });
});
