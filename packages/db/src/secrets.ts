import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

// argon2id, OWASP baseline (19 MiB, 2 passes, 1 lane): ~30 ms, slow enough for guessing. The one
// parameter set for user passwords (packages/api's auth/password.ts calls these) and device
// secrets; the PHC string records them, so hashes made under older parameters still verify.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

/** Hashes a password or device secret (argon2id PHC string). */
export function hashSecret(secret: string): Promise<string> {
  return hash(secret, OPTIONS);
}

/** True when `secret` matches `secretHash`; a malformed hash never matches. */
export async function verifySecret(secretHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(secretHash, secret);
  } catch {
    return false;
  }
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random device access token: 20 alphanumeric characters, like ThingsBoard's. */
export function generateAccessToken(length = 20): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  for (const b of bytes) {
    if (b < 248) out += ALPHANUMERIC[b % 62]; // 248 = 4 * 62: no modulo bias
    if (out.length === length) return out;
  }
  return out + generateAccessToken(length - out.length);
}

/**
 * DeviceCredential.credentialsId of an MQTT_BASIC credential. ThingsBoard matches client id and
 * username together, then username alone, then client id alone: look up all three.
 */
export function mqttBasicCredentialsId(
  clientId: string | null | undefined,
  username: string | null | undefined,
): string {
  return `mqtt_basic:${JSON.stringify([clientId || null, username || null])}`;
}
