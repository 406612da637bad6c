import { isInfrastructureError } from './infrastructure-error';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isInfrastructureError', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a connection exception (SQLSTATE 08006)', withCode('connection failure', '08006')],
    ['an administrator shutdown (57P01)', withCode('terminating connection', '57P01')],
    ['a database starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['too many connections (53300)', withCode('too many clients', '53300')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['ioredis disconnected', new Error('Connection is closed.')],
    ['an error from another realm', { name: 'Error', message: 'x', code: 'ECONNREFUSED' }],
    [
      'ioredis giving up',
      Object.assign(new Error('Reached the max retries per request limit'), {
        name: 'MaxRetriesPerRequestError',
      }),
    ],
  ])('counts %s as the infrastructure', (_label, err) => {
    expect(isInfrastructureError(err)).toBe(true);
  });

  it.each([
    ['a bug in the handler', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a constraint the event breaks (23505)', withCode('duplicate key value', '23505')],
    ['a deadlock (40P01), retried then parked as before', withCode('deadlock detected', '40P01')],
    ['bad SQL (42601)', withCode('syntax error', '42601')],
    ['something that is not an Error', 'oops'],
  ])('counts %s as the event’s own failure', (_label, err) => {
    expect(isInfrastructureError(err)).toBe(false);
  });
});
