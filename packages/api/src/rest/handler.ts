import type { z } from "zod";
import { authenticate } from "../auth/authenticate.ts";
import { requireRole, requireWriteScope } from "../auth/authorize.ts";
import { allowedOriginsFor, isCrossSiteMutation } from "../auth/csrf.ts";
import { API_KEY_REQUESTS, createRateLimiter, type RateLimitRule } from "../auth/rate-limit.ts";
import { renewedSessionCookie } from "../auth/renewed-cookie.ts";
import { tenantContext } from "../context.ts";
import type { ApiDeps } from "../deps.ts";
import { ApiError, forbidden, unauthorized } from "../errors.ts";
import { errorResponse, issuesOf, summarizeIssues, toApiError } from "./error-response.ts";
import { compileRoutes } from "./match.ts";
import { RestReply, type AnyRestRoute } from "./route.ts";

export const REST_PREFIX = "/api/v1";

/** Counts the request against the key's per-minute budget; over it answers 429 with Retry-After. */
async function countApiKeyRequest(deps: ApiDeps, apiKeyId: string, rule: RateLimitRule = API_KEY_REQUESTS) {
  const limiter = createRateLimiter(deps.redis, deps.redisPrefix);
  await limiter.check(`api-key:${apiKeyId}`, rule);
  await limiter.hit(`api-key:${apiKeyId}`, rule);
}

const tooLarge = () => new ApiError("PAYLOAD_TOO_LARGE", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB`);

export interface RestClient {
  ipAddress?: string;
}

/** Large enough for any entity or attribute batch; bigger bodies are refused unread. */
export const MAX_BODY_BYTES = 1024 * 1024;

async function readJsonBody(request: Request): Promise<unknown> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw tooLarge();
  if (!text.trim()) return undefined;
  if (!(request.headers.get("content-type") ?? "").includes("json")) {
    throw new ApiError("BAD_REQUEST", "Send the body as JSON with `Content-Type: application/json`");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("BAD_REQUEST", "The request body is not valid JSON");
  }
}

function parseWith(schema: z.ZodType | undefined, value: unknown, onError: (e: z.ZodError) => ApiError) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw onError(result.error);
  return result.data;
}

/**
 * The REST adapter: matches the route, authenticates (API key or cookie), enforces CSRF for
 * cookie-authenticated mutations, checks the role, validates path/query/body with zod, calls
 * the service, and writes every failure as `{"error": {code, message, details?}}`.
 */
export function createRestHandler(deps: ApiDeps, routes: AnyRestRoute[]) {
  const match = compileRoutes(routes);

  return async function handleRest(request: Request, client: RestClient = {}): Promise<Response> {
    const headers = new Headers({ "cache-control": "no-store", "x-content-type-options": "nosniff" });
    try {
      const url = new URL(request.url);
      const path = url.pathname.slice(REST_PREFIX.length) || "/";
      const found = match(request.method, path);
      if (found === null) throw new ApiError("NOT_FOUND", `No API route ${request.method} ${url.pathname}`);
      if (found === "method-not-allowed")
        throw new ApiError("METHOD_NOT_ALLOWED", `${request.method} is not supported on ${url.pathname}`);
      const { route, params: rawParams } = found;

      const auth = await authenticate(deps, request.headers);
      const renewed = renewedSessionCookie(auth, request.headers, deps.publicUrl);
      if (renewed) headers.append("set-cookie", renewed);
      const crossSite = isCrossSiteMutation(request, allowedOriginsFor(request, deps.publicUrl));
      // Cookie sessions need a same-origin Origin; public forms (login, sign-up) refuse a foreign one.
      if (crossSite && (auth?.via === "session" || (route.access === "public" && request.headers.has("origin")))) {
        throw forbidden("Cross-site request refused: the Origin header does not match this site");
      }
      if (auth?.via === "api-key") await countApiKeyRequest(deps, auth.actor.apiKeyId ?? "");
      if (route.access !== "public") {
        if (!auth) throw unauthorized();
        if (request.method !== "GET") requireWriteScope(auth.actor);
      }
      if (route.access === "system") requireRole(auth!.actor, "SYS_ADMIN");
      if (route.access === "tenant") {
        if (!auth?.actor.tenantId)
          throw forbidden("This route works inside a tenant; system administrators use the admin routes");
        requireRole(auth.actor, ...route.roles);
      }

      const params = parseWith(route.params, rawParams, () => new ApiError("NOT_FOUND", "Record not found"));
      const query = parseWith(
        route.query,
        Object.fromEntries(url.searchParams),
        (e) => new ApiError("BAD_REQUEST", summarizeIssues(e), issuesOf(e)),
      );
      const rawBody = route.body ? await readJsonBody(request) : undefined;
      const body = parseWith(
        route.body,
        rawBody ?? {},
        (e) => new ApiError("VALIDATION_FAILED", summarizeIssues(e), issuesOf(e)),
      );

      const call = {
        deps,
        request,
        params,
        query,
        body,
        client: { ipAddress: client.ipAddress, userAgent: request.headers.get("user-agent") ?? undefined },
        auth,
        actor: auth?.actor,
        tenantId: auth?.actor.tenantId ?? undefined,
        ctx:
          route.access === "tenant" && auth?.actor.tenantId
            ? tenantContext(deps, { ...auth.actor, tenantId: auth.actor.tenantId })
            : undefined,
        setCookie: (cookie: string) => headers.append("set-cookie", cookie),
      };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the route table is heterogeneous
      const result = await (route.handler as (c: any) => Promise<unknown>)(call);

      if (result instanceof RestReply) {
        for (const [k, v] of Object.entries(result.headers)) headers.set(k, v);
        if (result.body === undefined) return new Response(null, { status: result.status, headers });
        headers.set("content-type", "application/json");
        return new Response(JSON.stringify(result.body), { status: result.status, headers });
      }
      if (result === undefined) return new Response(null, { status: 204, headers });
      headers.set("content-type", "application/json");
      return new Response(JSON.stringify(result), { status: route.successStatus ?? 200, headers });
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.code === "INTERNAL")
        deps.logger.error({ err: thrown, url: request.url, method: request.method }, "REST request failed");
      return errorResponse(error, headers);
    }
  };
}
