import { Injectable } from '@nestjs/common';
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

  async verify(hashed: string, password: string): Promise<boolean> {
    try {
      return await verify(hashed, password);
    } catch {
      return false; // a malformed stored hash must not become a 500 at sign-in
    }
  }
}
