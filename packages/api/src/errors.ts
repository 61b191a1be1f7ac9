/**
 * One error type for every failure a caller can act on. The REST adapter turns it into
 * `{"error": {"code", "message", "details"?}}` with the status below; the tRPC layer maps it to
 * the matching tRPC code. Anything else that escapes a service is a bug and answers 500.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  VALIDATION_FAILED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new ApiError("NOT_FOUND", `${what} not found`);
export const forbidden = (why = "Your role does not allow this action") => new ApiError("FORBIDDEN", why);
export const unauthorized = (why = "Sign in or send an API key in the Authorization header") =>
  new ApiError("UNAUTHORIZED", why);
export const conflict = (why: string) => new ApiError("CONFLICT", why);
