import { InvalidConfigError, loadApiConfig } from './config';

describe('loadApiConfig', () => {
  const DATABASE_URL = 'postgres://app:secret@db.internal:5432/photofeed';

  it('applies defaults for PORT and HOST', () => {
    expect(loadApiConfig({ DATABASE_URL })).toEqual({
      databaseUrl: DATABASE_URL,
      host: '127.0.0.1',
      port: 3000,
    });
  });

  it('reads PORT and HOST', () => {
    expect(loadApiConfig({ DATABASE_URL, PORT: '8080', HOST: '0.0.0.0' })).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
    });
  });

  it('lists every problem at once', () => {
    const error = captureError(() => loadApiConfig({ PORT: '80a' }));
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).problems).toEqual([
      expect.stringContaining('DATABASE_URL is required'),
      'PORT must be an integer from 0 to 65535, got "80a"',
    ]);
    expect((error as Error).message).toMatch(/^Invalid configuration:\n {2}- DATABASE_URL/);
  });

  it.each(['-1', '65536', '3000.5', 'abc'])('rejects PORT=%j', (PORT) => {
    expect(() => loadApiConfig({ DATABASE_URL, PORT })).toThrow(/PORT must be an integer/);
  });

  it('treats a blank PORT as unset', () => {
    expect(loadApiConfig({ DATABASE_URL, PORT: ' ' }).port).toBe(3000);
  });

  it('rejects a non-postgres DATABASE_URL without echoing it', () => {
    const error = captureError(() => loadApiConfig({ DATABASE_URL: 'mysql://u:hunter2@h/db' }));
    expect((error as Error).message).toContain('DATABASE_URL must be a postgres://');
    expect((error as Error).message).not.toContain('hunter2');
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
