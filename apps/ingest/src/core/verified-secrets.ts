import { createHmac, randomBytes } from "node:crypto";
import { BoundedExpiringMap } from "./bounded-expiring-map.ts";

/**
 * Passwords this process has verified against a stored argon2 hash, remembered for a while so
 * a device reconnecting (a whole fleet, after a network blip) is not hashed again: one argon2id
 * verification costs ~10 ms of CPU, under 100 a second per core. Keys are an HMAC (random key
 * per process) of the stored hash and the password, kept only in memory. A changed password has
 * a new hash, so it never matches an old entry; only successes are remembered.
 */
export class VerifiedSecrets {
  private readonly key = randomBytes(32);
  private readonly entries: BoundedExpiringMap<true>;

  constructor(private readonly options: { ttlMs: number; max: number }) {
    this.entries = new BoundedExpiringMap(options.max);
  }

  private digest(storedHash: string, secret: string): string {
    return createHmac("sha256", this.key).update(storedHash).update("\0").update(secret).digest("base64");
  }

  has(storedHash: string, secret: string): boolean {
    return this.entries.get(this.digest(storedHash, secret)) === true;
  }

  add(storedHash: string, secret: string) {
    this.entries.set(this.digest(storedHash, secret), true, this.options.ttlMs);
  }
}
