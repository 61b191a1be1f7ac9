import { z } from "zod";
import { ApiError } from "../errors.ts";

const UNIQUE_VIOLATION = "P2002";

/** A unique key refused the row (Prisma's P2002). */
export const isUniqueViolation = (error: unknown) => prismaCode(error) === UNIQUE_VIOLATION;

/** Prisma's known errors carry a code; we only need a few of them. */
function prismaCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^P\d{4}$/.test(code) ? code : undefined;
}

/**
 * Turns anything thrown below the adapter into an ApiError. Unique-key violations become 409
 * and "record not found" 404, so services need not pre-check every constraint.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof z.ZodError) return new ApiError("VALIDATION_FAILED", summarizeIssues(error), issuesOf(error));
  switch (prismaCode(error)) {
    case UNIQUE_VIOLATION: {
      const target = (error as { meta?: { target?: unknown } }).meta?.target;
      const fields = Array.isArray(target) ? target.filter((f) => f !== "tenantId").join(", ") : undefined;
      return new ApiError(
        "CONFLICT",
        fields ? `Another record already uses this ${fields}` : "A record with these values already exists",
      );
    }
    case "P2025":
      return new ApiError("NOT_FOUND", "Record not found");
    case "P2003":
      return new ApiError("VALIDATION_FAILED", "A referenced record does not exist or is still in use");
  }
  return new ApiError("INTERNAL", "Internal server error");
}

export function issuesOf(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
}

export function summarizeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return "Invalid input";
  const where = first.path.length ? `${first.path.join(".")}: ` : "";
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : "";
  return `${where}${first.message}${more}`;
}

export function errorResponse(error: ApiError, headers: Headers = new Headers()): Response {
  headers.set("content-type", "application/json");
  const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if (error.code === "RATE_LIMITED" && retry) headers.set("retry-after", String(retry));
  const body = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details !== undefined ? { details: error.details } : {}),
    },
  };
  return new Response(JSON.stringify(body), { status: error.status, headers });
}
