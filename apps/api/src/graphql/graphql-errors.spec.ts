import { Logger } from '@nestjs/common';
import { InvalidCommandError } from '@photofeed/domain';
import { GraphQLError } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { registerWriteProblems } from '../event-log/write-problems';
import { ProblemError, ProblemTypes } from '../platform';
import { graphiqlEnabled } from './graphql-api.module';
import { formatGraphqlErrors } from './graphql-errors';

const context = { reply: { request: { id: 'req-1' } } } as unknown as MercuriusContext;

/** An error as graphql-js reports one thrown in the resolver of `path`. */
const thrownIn = (path: string, error: Error) =>
  new GraphQLError(error.message, { path: [path], originalError: error });

// What the app registers at boot (EventLogModule): DomainErrors become problems by kind.
beforeAll(registerWriteProblems);

describe('formatGraphqlErrors', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('gives a domain refusal its code, status and problem type, keeping the data', () => {
    const refusal = new InvalidCommandError('cannot_follow_self', 'You cannot follow yourself.');
    const { statusCode, response } = formatGraphqlErrors(
      { data: { followUser: null }, errors: [thrownIn('followUser', refusal)] },
      context,
    );
    expect(statusCode).toBe(200);
    expect(response).toEqual({
      data: { followUser: null },
      errors: [
        {
          message: 'You cannot follow yourself.',
          path: ['followUser'],
          extensions: {
            code: 'cannot_follow_self',
            status: 422,
            type: 'https://photofeed.dev/problems/cannot-follow-self',
            requestId: 'req-1',
          },
        },
      ],
    });
  });

  it('never shows a server fault: 500 INTERNAL_SERVER_ERROR with a generic message, logged', () => {
    const bug = new Error('connect ECONNREFUSED 10.0.0.7:5432 (password=hunter2)');
    const { response } = formatGraphqlErrors(
      { data: null, errors: [thrownIn('likePhoto', bug)] },
      context,
    );
    const [error] = response.errors!;
    expect(error.message).not.toMatch(/ECONNREFUSED|hunter2/);
    expect(error.extensions).toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      status: 500,
      type: ProblemTypes.internal,
    });
    expect(Logger.prototype.error).toHaveBeenCalled();
  });

  it('names generic problems in UPPER_SNAKE from their type', () => {
    const limited = new ProblemError({
      type: ProblemTypes.rateLimited,
      status: 429,
      title: 'Too many requests',
      extensions: { retryAfterSeconds: 7 },
    });
    const { response } = formatGraphqlErrors(
      { data: null, errors: [thrownIn('me', limited)] },
      context,
    );
    expect(response.errors![0].extensions).toEqual({
      code: 'RATE_LIMITED',
      status: 429,
      type: ProblemTypes.rateLimited,
      retryAfterSeconds: 7,
      requestId: 'req-1',
    });
  });

  it('answers a request refused before execution with its status and no data', () => {
    const { statusCode, response } = formatGraphqlErrors(
      { errors: [new GraphQLError('Variable "$id" of required type "ID!" was not provided.')] },
      context,
    );
    expect(statusCode).toBe(400);
    expect(response).not.toHaveProperty('data');
    expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
  });
});

describe('graphiqlEnabled', () => {
  it('is off in production only', () => {
    expect(graphiqlEnabled({ NODE_ENV: 'production' })).toBe(false);
    expect(graphiqlEnabled({ NODE_ENV: 'development' })).toBe(true);
    expect(graphiqlEnabled({})).toBe(true);
  });
});
