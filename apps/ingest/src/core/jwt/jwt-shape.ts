import { decodeJwt, decodeProtectedHeader } from "jose";

/**
 * Whether a secret a device sent is a JWT rather than a password or access token: three
 * base64url parts whose first decodes to a JSON header naming an algorithm. Access tokens and
 * passwords may contain dots, but their first part does not decode to such a header.
 */
export function looksLikeJwt(text: string): boolean {
  if (text.length > 16_384 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text)) return false;
  try {
    return typeof decodeProtectedHeader(text).alg === "string";
  } catch {
    return false;
  }
}

/** The `iss` claim, read before any signature check: it only chooses which issuers' keys to try. */
export function unverifiedIssuer(token: string): string | null {
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === "string" && iss.length > 0 && iss.length <= 2048 ? iss : null;
  } catch {
    return null;
  }
}
