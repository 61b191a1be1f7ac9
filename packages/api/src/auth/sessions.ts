import type { SystemDb } from "../deps.ts";
import { generateSecret, hashSecret } from "./tokens.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** "Remember me": a month, renewed while the user keeps coming back. */
export const REMEMBERED_SESSION_MS = 30 * DAY_MS;
/** Otherwise: a browser-session cookie, and the server forgets it after a day of inactivity. */
export const BROWSER_SESSION_MS = DAY_MS;

const lifetimeOf = (rememberMe: boolean) => (rememberMe ? REMEMBERED_SESSION_MS : BROWSER_SESSION_MS);

export interface NewSession {
  token: string;
  id: string;
  expiresAt: Date;
  rememberMe: boolean;
}

/**
 * A session is a random token in the cookie; the database keeps only its SHA-256 as the id,
 * so a leaked sessions table cannot be replayed.
 */
export async function createSession(
  system: SystemDb,
  user: { id: string; tenantId: string | null },
  options: { rememberMe: boolean; ipAddress?: string; userAgent?: string },
): Promise<NewSession> {
  const token = generateSecret();
  const id = hashSecret(token);
  const expiresAt = new Date(Date.now() + lifetimeOf(options.rememberMe));
  await system.session.create({
    data: {
      id,
      userId: user.id,
      tenantId: user.tenantId,
      expiresAt,
      rememberMe: options.rememberMe,
      ipAddress: options.ipAddress?.slice(0, 100),
      userAgent: options.userAgent?.slice(0, 300),
      lastSeenAt: new Date(),
    },
  });
  return { token, id, expiresAt, rememberMe: options.rememberMe };
}

export interface ValidSession {
  id: string;
  expiresAt: Date;
  rememberMe: boolean;
  /** True when the expiry moved forward, so the cookie should be sent again. */
  renewed: boolean;
  user: {
    id: string;
    email: string;
    role: "SYS_ADMIN" | "TENANT_ADMIN" | "CUSTOMER_USER";
    tenantId: string | null;
    customerId: string | null;
  };
}

/**
 * Looks the token up by its hash. Expired sessions are deleted; sessions past half their
 * lifetime slide forward (one write per half-lifetime, not one per request).
 */
export async function validateSessionToken(system: SystemDb, token: string): Promise<ValidSession | null> {
  const id = hashSecret(token);
  const row = await system.session.findUnique({
    where: { id },
    select: {
      id: true,
      expiresAt: true,
      rememberMe: true,
      user: { select: { id: true, email: true, role: true, tenantId: true, customerId: true, disabledAt: true } },
    },
  });
  if (!row) return null;
  const now = Date.now();
  if (row.expiresAt.getTime() <= now || row.user.disabledAt) {
    await system.session.deleteMany({ where: { id } });
    return null;
  }
  const lifetime = lifetimeOf(row.rememberMe);
  let expiresAt = row.expiresAt;
  let renewed = false;
  if (expiresAt.getTime() - now < lifetime / 2) {
    expiresAt = new Date(now + lifetime);
    renewed = true;
    await system.session.update({ where: { id }, data: { expiresAt, lastSeenAt: new Date(now) } });
  }
  const { disabledAt: _disabled, ...user } = row.user;
  return { id: row.id, expiresAt, rememberMe: row.rememberMe, renewed, user };
}

export async function invalidateSession(system: SystemDb, sessionId: string): Promise<void> {
  await system.session.deleteMany({ where: { id: sessionId } });
}

/** After a password change or reset: every other device is signed out. */
export async function invalidateUserSessions(
  system: SystemDb,
  userId: string,
  exceptSessionId?: string,
): Promise<number> {
  const result = await system.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
  return result.count;
}
