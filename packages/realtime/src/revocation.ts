import type { RedisClient } from "@industryos/runtime";

/**
 * Revocation events: the API publishes one whenever credentials stop being valid (an API key
 * revoked, a session logged out, a user disabled or deleted, a public link turned off or its
 * dashboard changed or deleted); every web node's `/api/ws` server listens and re-checks the
 * connections that name that credential, closing them with 4401 when they are no longer valid.
 * Periodic re-validation covers an event lost while Redis was away.
 *
 * Imported by both sides (`@industryos/realtime/revocation`), so the channel is named only here.
 * Depends on nothing but ioredis's types.
 */
export const REVOCATION_CHANNEL = "auth:revoked";

/** What stopped being valid; a connection lists the credentials it depends on (`RealtimePrincipal.credentials`). */
export interface RevokedCredential {
  kind: "apiKey" | "session" | "user" | "dashboard";
  id: string;
}

/**
 * Tells every web node that `credential` was revoked. Call it after the change is committed.
 * Never throws: the revocation itself already happened, and without Redis the open connections
 * are still re-checked within the re-validation interval.
 */
export async function publishRevocation(
  redis: Pick<RedisClient, "publish">,
  credential: RevokedCredential,
  logger?: { warn(obj: object, msg: string): void },
): Promise<void> {
  try {
    await redis.publish(REVOCATION_CHANNEL, JSON.stringify({ kind: credential.kind, id: credential.id }));
  } catch (error) {
    logger?.warn({ err: error, credential: credential.kind }, "could not publish a credential revocation");
  }
}

/** The event on the wire, or null for anything else. */
export function decodeRevocation(message: string): RevokedCredential | null {
  try {
    const value = JSON.parse(message) as Partial<RevokedCredential>;
    const kinds: readonly string[] = ["apiKey", "session", "user", "dashboard"];
    if (typeof value.kind !== "string" || !kinds.includes(value.kind) || typeof value.id !== "string") return null;
    return { kind: value.kind as RevokedCredential["kind"], id: value.id };
  } catch {
    return null;
  }
}

/** The key a connection and an event share: `kind:id`. */
export const credentialKey = (credential: RevokedCredential) => `${credential.kind}:${credential.id}`;
