import { Body, Controller, Get, HttpCode, Module, Post, Req } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { createTestApp, type TestApp } from '../testing/create-test-app';
import { problemForCodedError } from './coded-errors';
import type { ProblemDocument } from './problem';
import { registerProblemMapper } from './problem-mappers';
import { Public } from '../../auth/public.decorator';

// --- A tiny feature, only for these tests ------------------------------------------------------

class Location {
  @IsNumber()
  lat!: number;
}

class CreateThing {
  @IsString()
  @MaxLength(10)
  name!: string;

  @IsInt()
  @Min(1)
  count!: number;

  @ValidateNested()
  @Type(() => Location)
  location!: Location;
}

/** Shaped like libs/domain's errors: a stable code and a kind. */
class ThingNotFoundError extends Error {
  readonly code = 'thing_not_found';
  readonly kind = 'not_found';
}

// Public to the real bearer guard; HeaderAuthGuard (if any) still names the user.
@Public()
@Controller('test-problems')
class ProblemsTestController {
  @Post('things')
  @HttpCode(201)
  create(@Body() thing: CreateThing) {
    return { created: thing.name, isDto: thing instanceof CreateThing };
  }

  @Post('uploads')
  upload(@Req() request: FastifyRequest) {
    return { fields: Object.keys(request.body as object) };
  }

  @Get('domain-error')
  domainError(): never {
    throw new ThingNotFoundError('thing 42 does not exist');
  }

  @Get('boom')
  boom(): never {
    throw new Error('connection to db.internal failed, password=hunter2');
  }
}

@Module({ controllers: [ProblemsTestController] })
class ProblemsTestModule {}

// -----------------------------------------------------------------------------------------------

const PROBLEMS = 'https://photofeed.dev/problems/';

describe('problem details over HTTP', () => {
  let api: TestApp;
  let unregister: () => void;

  beforeAll(async () => {
    unregister = registerProblemMapper((error) =>
      error instanceof ThingNotFoundError ? problemForCodedError(error, error.kind) : undefined,
    );
    api = await createTestApp({
      imports: [ProblemsTestModule],
      env: { JSON_BODY_LIMIT_BYTES: '2048', UPLOAD_MAX_BYTES: '4096' },
    });
  });

  afterAll(async () => {
    unregister?.();
    await api?.close();
  });

  const post = (path: string, body: string, contentType = 'application/json') =>
    fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });

  async function expectProblem(res: Response, status: number, slug: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = (await res.json()) as ProblemDocument;
    expect(body).toMatchObject({
      type: `${PROBLEMS}${slug}`,
      status,
      title: expect.any(String),
      instance: new URL(res.url).pathname,
      requestId: res.headers.get('x-request-id'),
    });
    return body;
  }

  it('accepts a valid body, transformed into the DTO class', async () => {
    const res = await post('/test-problems/things', '{"name":"a","count":1,"location":{"lat":1}}');
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ created: 'a', isDto: true });
  });

  it('malformed JSON → 400 malformed-json', async () => {
    const body = await expectProblem(
      await post('/test-problems/things', '{"name": "a",'),
      400,
      'malformed-json',
    );
    expect(body.detail).toMatch(/not valid JSON/);
  });

  it('an empty JSON body → 400 malformed-json', async () => {
    await expectProblem(await post('/test-problems/things', ''), 400, 'malformed-json');
  });

  it('a JSON body over the limit → 413 payload-too-large', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(4096), count: 1 });
    await expectProblem(await post('/test-problems/things', big), 413, 'payload-too-large');
  });

  it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded'])(
    'a %s body → 415 unsupported-media-type',
    async (contentType) => {
      await expectProblem(
        await post('/test-problems/things', 'name=a', contentType),
        415,
        'unsupported-media-type',
      );
    },
  );

  it('an unknown route → 404 not-found', async () => {
    const body = await expectProblem(await fetch(`${api.url}/no/such/route?q=1`), 404, 'not-found');
    expect(body.instance).toBe('/no/such/route');
  });

  it('validation → 400 with every field error, unknown properties refused', async () => {
    const res = await post(
      '/test-problems/things',
      JSON.stringify({
        name: 'far too long a name',
        count: 0,
        location: { lat: 'x' },
        admin: true,
      }),
    );
    const body = await expectProblem(res, 400, 'validation');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { field: 'admin', message: 'property admin should not exist' },
        { field: 'name', message: 'name must be shorter than or equal to 10 characters' },
        { field: 'count', message: 'count must not be less than 1' },
        { field: 'location.lat', message: expect.stringContaining('lat must be a number') },
      ]),
    );
    expect(body.errors).toHaveLength(4);
  });

  it('a feature error → the problem its registered mapper chose', async () => {
    const body = await expectProblem(
      await fetch(`${api.url}/test-problems/domain-error`),
      404,
      'thing-not-found',
    );
    expect(body).toMatchObject({
      title: 'Thing not found',
      detail: 'thing 42 does not exist',
      code: 'thing_not_found',
    });
  });

  it('an unexpected error → 500 internal, nothing of the error in the body', async () => {
    const res = await fetch(`${api.url}/test-problems/boom`);
    const body = await expectProblem(res, 500, 'internal');
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/hunter2|db\.internal|stack|\.ts:/);
  });

  it('a multipart upload is parsed before the handler', async () => {
    const form = new FormData();
    form.append('caption', 'hello');
    form.append('photo', new Blob([Buffer.alloc(100)], { type: 'image/png' }), 'a.png');
    const res = await fetch(`${api.url}/test-problems/uploads`, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ fields: ['caption', 'photo'] });
  });

  it('a file over UPLOAD_MAX_BYTES → 413 payload-too-large', async () => {
    const form = new FormData();
    form.append('photo', new Blob([Buffer.alloc(5000)], { type: 'image/png' }), 'big.png');
    const res = await fetch(`${api.url}/test-problems/uploads`, { method: 'POST', body: form });
    await expectProblem(res, 413, 'payload-too-large');
  });

  it('more than one file → 413 payload-too-large', async () => {
    const form = new FormData();
    form.append('a', new Blob([Buffer.alloc(10)]), 'a.png');
    form.append('b', new Blob([Buffer.alloc(10)]), 'b.png');
    const res = await fetch(`${api.url}/test-problems/uploads`, { method: 'POST', body: form });
    await expectProblem(res, 413, 'payload-too-large');
  });
});
