import type { Authentication } from "./authenticate.ts";
import { readCookie, SESSION_COOKIE, sessionCookie } from "./cookies.ts";

/**
 * A remembered session whose expiry just slid forward needs its cookie re-sent with the new
 * expiry, or the browser would drop it at the old date. Browser-session cookies have no expiry.
 */
export function renewedSessionCookie(
  auth: Authentication | null,
  headers: Headers,
  publicUrl: string,
): string | undefined {
  if (auth?.via !== "session" || !auth.session.renewed || !auth.session.rememberMe) return undefined;
  const token = readCookie(headers.get("cookie"), SESSION_COOKIE);
  if (!token) return undefined;
  return sessionCookie(token, { expiresAt: auth.session.expiresAt, secure: publicUrl.startsWith("https:") });
}
