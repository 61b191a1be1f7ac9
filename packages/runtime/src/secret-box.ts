// Secrets a tenant gives us (provider API keys, webhook signing secrets) are stored encrypted with AES-256-GCM
// under a key from configuration. Each ciphertext names the key it was sealed with, so the key can be rotated:
// the new key seals, previous keys still open what they sealed until it is re-sealed (see rotate()).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;

export interface SecretBox {
  /** `v1:<key id>:<iv>:<tag>:<ciphertext>`, base64url parts; a fresh IV every time. */
  seal(plaintext: string): string;
  /** Throws when the text was tampered with or sealed under a key this box does not hold. */
  open(sealed: string): string;
  /** Whether `sealed` is under a previous key, so a rotation job should re-seal it. */
  needsRotation(sealed: string): boolean;
  /** Re-sealed under the current key (unchanged if it already is). */
  rotate(sealed: string): string;
}

/** Reads a key given as base64 (44 characters) or hex (64 characters): 32 bytes. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new Error("a secrets key must be 32 bytes, written as base64 or 64 hex digits");
  return key;
}

/** A new random key, base64: what `SECRETS_KEY` expects. */
export function generateSecretKey(): string {
  return randomBytes(32).toString("base64");
}

const keyId = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 8);

export function createSecretBox(currentKey: string, previousKeys: readonly string[] = []): SecretBox {
  const current = parseSecretKey(currentKey);
  const currentId = keyId(current);
  const keys = new Map<string, Buffer>([[currentId, current]]);
  for (const text of previousKeys) {
    const key = parseSecretKey(text);
    if (!keys.has(keyId(key))) keys.set(keyId(key), key);
  }

  const seal = (plaintext: string) => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", current, iv);
    // The key id is authenticated too: a ciphertext cannot be moved under another key's name.
    cipher.setAAD(Buffer.from(`${VERSION}:${currentId}`));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [VERSION, currentId, iv, cipher.getAuthTag(), body]
      .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
      .join(":");
  };

  const parse = (sealed: string) => {
    const [version, id, iv, tag, body, ...rest] = sealed.split(":");
    if (version !== VERSION || !id || !iv || !tag || body === undefined || rest.length > 0)
      throw new Error("not a sealed secret");
    return { id, iv: Buffer.from(iv, "base64url"), tag: Buffer.from(tag, "base64url"), body };
  };

  const open = (sealed: string) => {
    const { id, iv, tag, body } = parse(sealed);
    const key = keys.get(id);
    if (!key) throw new Error(`sealed under key ${id}, which is not configured (SECRETS_KEY / SECRETS_PREVIOUS_KEYS)`);
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(Buffer.from(`${VERSION}:${id}`));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new Error("the sealed secret does not open: it was altered or sealed under another key");
    }
  };

  return {
    seal,
    open,
    needsRotation: (sealed) => parse(sealed).id !== currentId,
    rotate: (sealed) => (parse(sealed).id === currentId ? sealed : seal(open(sealed))),
  };
}
