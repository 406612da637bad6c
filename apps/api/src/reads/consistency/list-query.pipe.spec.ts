import { ProblemError } from '../../platform';
import { ListQueryPipe } from './list-query.pipe';

const pipe = new ListQueryPipe();
const refusal = (raw: Record<string, unknown>) => {
  try {
    pipe.transform(raw);
  } catch (error) {
    return (error as ProblemError).problem;
  }
  throw new Error('accepted');
};

describe('ListQueryPipe', () => {
  it('reads limit, cursor and minPosition', () => {
    expect(pipe.transform({ limit: '20', cursor: 'abc', minPosition: '12-34' })).toEqual({
      limit: 20,
      cursor: 'abc',
      minPosition: '12-34',
    });
    expect(pipe.transform({})).toEqual({});
  });

  it('refuses as the ValidationPipe would: a 400 listing every field', () => {
    const problem = refusal({
      limit: '0',
      minPosition: 'yesterday',
      sort: 'asc',
      cursor: ['a', 'b'],
    });
    expect(problem.status).toBe(400);
    expect(problem.type).toMatch(/validation$/);
    expect(
      (problem.extensions as { errors: { field: string }[] }).errors.map((e) => e.field),
    ).toEqual(['limit', 'minPosition', 'sort', 'cursor']);
    for (const limit of ['101', '2.5', '-1', '1e2', ''])
      expect(refusal({ limit }).status).toBe(400);
  });
});
