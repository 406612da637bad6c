import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the library's defaults (OWASP's recommended 19 MiB, 2 passes). The hash string
 * carries its parameters, so raising them later still verifies old hashes.
 */
@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password);
  }

  /**
   * Without a stored hash (no such user) it still verifies, against a real hash of a random
   * secret, so "no such user" and "wrong password" take the same time.
   */
  async verify(hashed: string | undefined, password: string): Promise<boolean> {
    try {
      if (hashed === undefined) {
        await verify(await this.dummyHash(), password);
        return false;
      }
      return await verify(hashed, password);
    } catch {
      return false; // a malformed stored hash must not become a 500 at sign-in
    }
  }

  private dummy: Promise<string> | undefined;
  private dummyHash(): Promise<string> {
    this.dummy ??= hash(randomBytes(16).toString('hex'));
    return this.dummy;
  }
}
