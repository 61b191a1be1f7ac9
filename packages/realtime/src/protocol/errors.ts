/** Error codes a client may receive, in `{"type":"error","cmdId","error":{"code","message","details"?}}`. */
export const ERROR_CODES = [
  /** No valid session cookie, API key or public link, or they were revoked. The server closes with 4401. */
  "UNAUTHENTICATED",
  /** The message is not JSON or does not match any command; `details` lists the problems. */
  "BAD_COMMAND",
  /** The entity does not exist or is not visible to this caller (other tenants' ids answer this too). */
  "NOT_FOUND",
  /** A configured limit was reached; `details` says which (`limit`) and its value (`max`). */
  "LIMIT_EXCEEDED",
  /** A subscription with this cmdId is already active on this connection. */
  "DUPLICATE_CMD_ID",
  /** `unsubscribe` named a cmdId with no active subscription. */
  "UNKNOWN_SUBSCRIPTION",
  /** Something failed on the server; the subscription did not start. */
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** WebSocket close codes the server uses (4000-4999 are the application's range). */
export const CLOSE_CODES = {
  /**
   * Authentication missing, failed or timed out, or the connection's credentials were revoked
   * (API key revoked, session logged out, user disabled or deleted, public link turned off):
   * do not retry with the same credentials.
   */
  unauthenticated: 4401,
  /**
   * The credentials are still valid but now grant different access (a public dashboard's widgets
   * changed, a user moved to another customer): reconnect, and subscriptions are checked again.
   */
  accessChanged: 4409,
  /** Session limit of the tenant or user reached. */
  sessionLimit: 4429,
  /** The server is shutting down: reconnect (another node will answer). */
  goingAway: 1001,
} as const;

/** An error that becomes one `error` message for the command that caused it. */
export class RealtimeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "RealtimeError";
  }
}
