import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

/** Who a valid access token says the caller is. */
export interface AuthenticatedUser {
  userId: string;
  username: string;
  sessionId: string;
}

interface AccessClaims {
  sub: string;
  username: string;
  sid: string;
}

/**
 * Short-lived JWT access tokens (HS256). They are not revocable by design; revocation lives on
 * the refresh token, so a signed-out session stops within one access TTL.
 */
@Injectable()
export class AccessTokens {
  constructor(@Inject(JwtService) private readonly jwt: JwtService) {}

  async sign(user: AuthenticatedUser): Promise<string> {
    const claims: AccessClaims = { sub: user.userId, username: user.username, sid: user.sessionId };
    return this.jwt.signAsync(claims);
  }

  /** Undefined for anything not signed by us, expired, or malformed. */
  async verify(token: string): Promise<AuthenticatedUser | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return undefined;
      return { userId: claims.sub, username: claims.username, sessionId: claims.sid };
    } catch {
      return undefined;
    }
  }
}
