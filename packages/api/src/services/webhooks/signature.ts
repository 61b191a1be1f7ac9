import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** `whsec_` and 32 random bytes: shown once, at creation and on rotation, and stored sealed. */
export const generateWebhookSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");

/**
 * `IndustryOS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The key
 * is the whole secret as text, `whsec_` included. The timestamp is the attempt's, so a receiver
 * can refuse old replays; the delivery id stays the same on every attempt for idempotency.
 */
export function signWebhookBody(secret: string, body: string, timestamp = Math.floor(Date.now() / 1_000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/**
 * What a receiver does with the header (the console's docs, the tests and bench/notify use it):
 * recompute over the raw body, compare in constant time, refuse a timestamp more than
 * `toleranceSeconds` away. Any of several `v1=` values may match (a receiver in the middle of a
 * secret rotation can be sent both one day).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string,
  { toleranceSeconds = 300, now = Date.now() }: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  if (!header) return false;
  const parts = header.split(",").map((part) => part.trim().split("=") as [string, string?]);
  const timestamp = Number(parts.find(([key]) => key === "t")?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1_000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), "hex");
  return parts.some(([key, value]) => {
    if (key !== "v1" || !value || !/^[0-9a-f]{64}$/.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, "hex"), expected);
  });
}
