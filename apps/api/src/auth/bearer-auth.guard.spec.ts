import { JwtService } from '@nestjs/jwt';
import { Reflector } from '@nestjs/core';
import { AccessTokens } from '../accounts/access-tokens';
import { ProblemError } from '../platform';
import { BearerAuthGuard } from './bearer-auth.guard';
import { VerifiedTokens } from './verified-tokens';

const secret = 'a test secret of at least thirty-two characters';
const user = { userId: '42', username: 'ana', sessionId: 's1' };

function setUp(expiresIn = 900) {
  const tokens = new AccessTokens(
    new JwtService({ secret, signOptions: { algorithm: 'HS256', expiresIn } }),
  );
  const verify = jest.spyOn(tokens, 'verify');
  return { tokens, verify, guard: new BearerAuthGuard(new Reflector(), tokens) };
}

const status = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (e: unknown) => (e instanceof ProblemError ? e.problem.status : 500),
  );

describe('BearerAuthGuard', () => {
  it('verifies a token once, then recognises it on later requests', async () => {
    const { tokens, verify, guard } = setUp();
    const header = `Bearer ${await tokens.sign(user)}`;
    expect(await guard.authenticate(header)).toEqual(user);
    expect(await guard.authenticate(header)).toEqual(user);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('still refuses an altered token after the genuine one was remembered', async () => {
    const { tokens, guard } = setUp();
    const token = await tokens.sign(user);
    await guard.authenticate(`Bearer ${token}`);
    const [head, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: '43', username: 'eve', sid: 's1' })).toString(
      'base64url',
    );
    expect(await status(guard.authenticate(`Bearer ${head}.${forged}.${signature}`))).toBe(401);
    const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
    expect(await status(guard.authenticate(`Bearer ${flipped}`))).toBe(401);
  });

  it('refuses a remembered token once it has expired', async () => {
    const { tokens, guard } = setUp(1);
    const header = `Bearer ${await tokens.sign(user)}`;
    expect(await status(guard.authenticate(header))).toBe(200);
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await status(guard.authenticate(header))).toBe(401);
  });
});

describe('VerifiedTokens', () => {
  // A verified token's payload is all VerifiedTokens reads: exp here is second 1000.
  const token = `h.${Buffer.from(JSON.stringify({ sub: '42', exp: 1000 })).toString('base64url')}.s`;

  it('holds a token while the current second is below its exp, as jsonwebtoken does', () => {
    let now = 999_999;
    const cache = new VerifiedTokens(10, () => now);
    cache.remember(token, user);
    expect(cache.get(token)).toEqual(user);
    now = 1_000_000;
    expect(cache.get(token)).toBeUndefined();
  });

  it('keeps at most its capacity, dropping the oldest', () => {
    const cache = new VerifiedTokens(2, () => 0);
    const t = (n: number) =>
      `h.${Buffer.from(JSON.stringify({ exp: 10, n })).toString('base64url')}.s`;
    cache.remember(t(1), user);
    cache.remember(t(2), user);
    cache.remember(t(3), user);
    expect([t(1), t(2), t(3)].map((k) => cache.get(k) !== undefined)).toEqual([false, true, true]);
  });

  it('does not keep a token without exp', () => {
    const cache = new VerifiedTokens(2, () => 0);
    const noExp = `h.${Buffer.from('{"sub":"42"}').toString('base64url')}.s`;
    cache.remember(noExp, user);
    expect(cache.get(noExp)).toBeUndefined();
  });
});
