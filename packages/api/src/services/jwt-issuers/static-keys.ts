import { createPublicKey, type JsonWebKey } from "node:crypto";
import type { z } from "zod";
import { ApiError } from "../../errors.ts";
import type { jwksInput } from "./schemas.ts";

/** Key types ingest verifies: RS256 (RSA), ES256 (EC P-256), EdDSA (OKP Ed25519). */
const SUPPORTED = new Set(["RSA", "EC:P-256", "OKP:Ed25519"]);

const invalid = (index: number, message: string) =>
  new ApiError("VALIDATION_FAILED", `keys.keys.${index}: ${message}`, [{ path: ["keys", "keys", index], message }]);

/**
 * Every key of a static JWKS must be a public key that Node can import, of a type ingest can
 * verify with; a private key pasted by mistake is refused rather than stored.
 */
export function assertPublicKeys(jwks: z.infer<typeof jwksInput>): void {
  jwks.keys.forEach((key, index) => {
    if ("d" in key) throw invalid(index, "This is a private key: give the public key only");
    const type = key.kty === "RSA" ? "RSA" : `${key.kty}:${String(key.crv)}`;
    if (!SUPPORTED.has(type)) throw invalid(index, "Use an RSA, EC P-256 or Ed25519 key");
    try {
      createPublicKey({ key: key as JsonWebKey, format: "jwk" });
    } catch (error) {
      throw invalid(index, `Not a valid key (${(error as Error).message})`);
    }
  });
}
