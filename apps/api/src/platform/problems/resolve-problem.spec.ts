import { BadRequestException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { problemForCodedError } from './coded-errors';
import { ProblemError } from './problem';
import { registerProblemMapper } from './problem-mappers';
import { resolveProblem } from './resolve-problem';

const type = (slug: string) => `https://photofeed.dev/problems/${slug}`;

describe('resolveProblem', () => {
  it('answers a ProblemError as it is', () => {
    const problem = { type: type('x'), status: 418, title: 'X' };
    expect(resolveProblem(new ProblemError(problem))).toEqual({ problem, serverFault: false });
  });

  it('maps Nest HttpExceptions by status, keeping their message as detail', () => {
    expect(resolveProblem(new NotFoundException('photo 1 does not exist')).problem).toMatchObject({
      type: type('not-found'),
      status: 404,
      detail: 'photo 1 does not exist',
    });
    expect(resolveProblem(new BadRequestException()).problem.type).toBe(type('bad-request'));
  });

  it('asks a 401 for a bearer token', () => {
    expect(resolveProblem(new UnauthorizedException()).problem.headers).toEqual({
      'www-authenticate': 'Bearer realm="photofeed"',
    });
  });

  it('maps Fastify client errors by code', () => {
    const error = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(resolveProblem(error).problem).toMatchObject({
      type: type('payload-too-large'),
      status: 413,
    });
  });

  it('turns anything else into a 500 that says nothing of the error', () => {
    const resolved = resolveProblem(new Error('password=hunter2'));
    expect(resolved.serverFault).toBe(true);
    expect(resolved.problem).toMatchObject({ type: type('internal'), status: 500 });
    expect(JSON.stringify(resolved.problem)).not.toContain('hunter2');
  });

  it('lets a registered mapper decide for the errors it owns', () => {
    class PhotoGoneError extends Error {
      readonly code = 'photo_deleted';
    }
    const unregister = registerProblemMapper((e) =>
      e instanceof PhotoGoneError ? problemForCodedError(e, 'gone') : undefined,
    );
    try {
      expect(resolveProblem(new PhotoGoneError('photo 3 was deleted')).problem).toEqual({
        type: type('photo-deleted'),
        status: 410,
        title: 'Photo deleted',
        detail: 'photo 3 was deleted',
        extensions: { code: 'photo_deleted' },
      });
      expect(resolveProblem(new Error('other')).problem.status).toBe(500);
    } finally {
      unregister();
    }
    expect(resolveProblem(new PhotoGoneError('x')).problem.status).toBe(500);
  });
});
