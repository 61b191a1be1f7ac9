import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { authenticate, type Authentication } from "./auth/authenticate.ts";
import { requireWriteScope } from "./auth/authorize.ts";
import { allowedOriginsFor, isCrossSiteMutation } from "./auth/csrf.ts";
import { tenantContext } from "./context.ts";
import type { ApiDeps } from "./deps.ts";
import type { ErrorCode } from "./errors.ts";
import { toApiError } from "./rest/error-response.ts";

export interface TrpcContext {
  deps: ApiDeps;
  auth: Authentication | null;
  crossSite: boolean;
}

/** Built once per request by the fetch adapter. */
export async function createTrpcContext(deps: ApiDeps, request: Request): Promise<TrpcContext> {
  return {
    deps,
    auth: await authenticate(deps, request.headers).catch(() => null),
    crossSite: isCrossSiteMutation(request, allowedOriginsFor(request, deps.publicUrl)),
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
  TIMEOUT: "TIMEOUT",
};

const t = initTRPC.context<TrpcContext>().create();

/** Services throw ApiError (and Prisma errors); callers of tRPC get the matching tRPC code. */
const translateErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    // tRPC's own errors (input validation, the tiers below) already carry the right code;
    // anything a service threw arrives as INTERNAL_SERVER_ERROR with the original as cause.
    if (result.error.code !== "INTERNAL_SERVER_ERROR") return result;
    const cause = result.error.cause ?? result.error;
    const error = toApiError(cause);
    if (error.code === "INTERNAL") ctx.deps.logger.error({ err: cause }, "tRPC procedure failed");
    throw new TRPCError({ code: TRPC_CODES[error.code], message: error.message, cause: error });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(translateErrors);

/** Signed in; cookie-authenticated mutations must come from our own origin (CSRF). */
export const authedProcedure = publicProcedure.use(({ ctx, type, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  if (type === "mutation") {
    if (ctx.auth.via === "session" && ctx.crossSite)
      throw new TRPCError({ code: "FORBIDDEN", message: "Cross-site request refused" });
    requireWriteScope(ctx.auth.actor);
  }
  return next({ ctx: { auth: ctx.auth, actor: ctx.auth.actor } });
});

/** Inside a tenant: the tenant comes from the session, once, and scopes the database client. */
export const tenantProcedure = authedProcedure.use(({ ctx, next }) => {
  const { actor } = ctx;
  if (!actor.tenantId) throw new TRPCError({ code: "FORBIDDEN", message: "This works inside a tenant" });
  return next({ ctx: { tenant: tenantContext(ctx.deps, { ...actor, tenantId: actor.tenantId }) } });
});

/** Tenant administrators only. */
export const adminProcedure = tenantProcedure.use(({ ctx, next }) => {
  if (ctx.actor.role !== "TENANT_ADMIN")
    throw new TRPCError({ code: "FORBIDDEN", message: "Only tenant administrators can do this" });
  return next();
});

export const createCallerFactory = t.createCallerFactory;

/** System administrators: tenant management across tenants. */
export const systemProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.role !== "SYS_ADMIN")
    throw new TRPCError({ code: "FORBIDDEN", message: "Only system administrators can do this" });
  return next();
});
