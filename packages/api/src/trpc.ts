import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { authenticate, type Authentication } from "./auth/authenticate.ts";
import { allowedOriginsFor, isCrossSiteMutation } from "./auth/csrf.ts";
import type { ApiDeps } from "./deps.ts";
import { ApiError, type ErrorCode } from "./errors.ts";
import type { ClientInfo } from "./services/auth/login.ts";
import { toApiError } from "./rest/error-response.ts";

export interface TrpcContext {
  deps: ApiDeps;
  auth: Authentication | null;
  /** A state-changing request whose Origin is not ours. */
  crossSite: boolean;
  hasOrigin: boolean;
  client: ClientInfo;
  setCookie(cookie: string): void;
}

/** Built once per request by the fetch adapter; cookies set by operations go into `resHeaders`. */
export async function createTrpcContext(
  deps: ApiDeps,
  request: Request,
  options: { ipAddress?: string; resHeaders?: Headers } = {},
): Promise<TrpcContext> {
  return {
    deps,
    auth: await authenticate(deps, request.headers).catch(() => null),
    crossSite: isCrossSiteMutation(request, allowedOriginsFor(request, deps.publicUrl)),
    hasOrigin: request.headers.has("origin"),
    client: { ipAddress: options.ipAddress, userAgent: request.headers.get("user-agent") ?? undefined },
    setCookie: (cookie) => options.resHeaders?.append("set-cookie", cookie),
  };
}

const TRPC_CODES: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_ALLOWED: "METHOD_NOT_SUPPORTED",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  VALIDATION_FAILED: "UNPROCESSABLE_CONTENT",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  INTERNAL: "INTERNAL_SERVER_ERROR",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  // Not tRPC's TIMEOUT: that is HTTP 408, which browsers silently re-send (one click, many RPCs).
  TIMEOUT: "GATEWAY_TIMEOUT",
};

const t = initTRPC.context<TrpcContext>().create({
  // Stack traces go to the log, never into a response.
  isDev: false,
  // Field-level problems travel as `data.details` ([{path, message}]), as REST sends `error.details`.
  errorFormatter: ({ shape, error }) => {
    const details = error.cause instanceof ApiError ? error.cause.details : undefined;
    return details === undefined ? shape : { ...shape, data: { ...shape.data, details } };
  },
});

/** Operations throw ApiError (and Prisma errors); callers of tRPC get the matching tRPC code. */
const translateErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause ?? result.error;
    const error = toApiError(cause);
    // tRPC refused the request itself (input that is not JSON, a batch too large): the caller's
    // mistake with tRPC's own code, not a server error, whatever its cause (e.g. JSON.parse's).
    if (error.code === "INTERNAL" && result.error.code !== "INTERNAL_SERVER_ERROR") return result;
    if (error.code === "INTERNAL") ctx.deps.logger.error({ err: cause }, "tRPC procedure failed");
    throw new TRPCError({ code: TRPC_CODES[error.code], message: error.message, cause: error });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(translateErrors);
export const createCallerFactory = t.createCallerFactory;
