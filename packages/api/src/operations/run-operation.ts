import type { z } from "zod";
import type { Authentication } from "../auth/authenticate.ts";
import { requireRole, requireWriteScope } from "../auth/authorize.ts";
import { API_KEY_REQUESTS, createRateLimiter } from "../auth/rate-limit.ts";
import { tenantContext } from "../context.ts";
import type { ApiDeps } from "../deps.ts";
import { ApiError, forbidden, unauthorized } from "../errors.ts";
import { issuesOf, summarizeIssues } from "../rest/error-response.ts";
import type { ClientInfo } from "../services/auth/login.ts";
import { assertStorableInput } from "./input-guard.ts";
import type { AnyOperation, UploadedFile } from "./operation.ts";

/** One call of an operation as a transport hands it over: raw, unvalidated input. */
export interface OperationInvocation {
  deps: ApiDeps;
  auth: Authentication | null;
  /** A state-changing request whose Origin is not ours (see auth/csrf.ts). */
  crossSite: boolean;
  /** The request carried an Origin header (a browser sent it). */
  hasOrigin: boolean;
  params: Record<string, string>;
  query: Record<string, unknown>;
  /** Reads the body (undefined when there is none); called only after the caller is authorized. */
  readBody(): Promise<unknown>;
  /**
   * Reads a multipart body up to its file part: the text fields before it and the file, streamed.
   * Only REST has one; an upload operation called any other way answers 400.
   */
  readUpload?(fileField: string): Promise<{ fields: Record<string, string>; file: UploadedFile | null }>;
  client: ClientInfo;
  setCookie(cookie: string): void;
}

function parseWith(schema: z.ZodType | undefined, value: unknown, onError: (e: z.ZodError) => ApiError) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw onError(result.error);
  return result.data;
}

/** Counts the call against the key's per-minute budget; over it answers 429 with Retry-After. */
async function countApiKeyCall(deps: ApiDeps, apiKeyId: string) {
  const limiter = createRateLimiter(deps.redis, deps.redisPrefix);
  await limiter.check(`api-key:${apiKeyId}`, API_KEY_REQUESTS);
  await limiter.hit(`api-key:${apiKeyId}`, API_KEY_REQUESTS);
}

/**
 * What every operation goes through, whichever transport called it: CSRF, the API key's rate
 * limit, authentication, scope and role, then validation of path, query and body, then the
 * handler. REST and tRPC differ only in how they read the request and write the answer.
 */
export async function runOperation(op: AnyOperation, call: OperationInvocation): Promise<unknown> {
  const { auth, deps } = call;
  // Cookie sessions need a same-origin Origin; public forms (login, sign-up) refuse a foreign one.
  if (call.crossSite && (auth?.via === "session" || (op.access === "public" && call.hasOrigin))) {
    throw forbidden("Cross-site request refused: the Origin header does not match this site");
  }
  if (auth?.via === "api-key") await countApiKeyCall(deps, auth.actor.apiKeyId ?? "");
  if (op.access !== "public") {
    if (!auth) throw unauthorized();
    if (op.edge && auth.via !== "edge") throw forbidden("Only an edge, with its key and secret, calls this");
    if (!op.edge && auth.via === "edge") throw forbidden("An edge's key and secret call only the edge sync operations");
    if (op.scope === "write") requireWriteScope(auth.actor);
  }
  if (op.access === "system") requireRole(auth!.actor, "SYS_ADMIN");
  const tenantId = auth?.actor.tenantId ?? undefined;
  if (op.access === "tenant") {
    if (!tenantId) throw forbidden("This works inside a tenant; system administrators use the admin operations");
    requireRole(auth!.actor, ...(op.roles ?? []));
  }

  assertStorableInput(call.params, "path");
  assertStorableInput(call.query, "query string");
  const params = parseWith(op.params, call.params, () => new ApiError("NOT_FOUND", "Record not found"));
  const query = parseWith(op.query, call.query, (e) => new ApiError("BAD_REQUEST", summarizeIssues(e), issuesOf(e)));
  let rawBody: unknown;
  let file: UploadedFile | undefined;
  if (op.upload) {
    if (!call.readUpload)
      throw new ApiError("BAD_REQUEST", `Upload the file as multipart/form-data: ${op.method} /api/v1${op.path}`);
    const upload = await call.readUpload(op.upload.fileField);
    rawBody = upload.fields;
    file = upload.file ?? undefined;
  } else rawBody = op.body ? await call.readBody() : undefined;
  assertStorableInput(rawBody, "body");
  const body = parseWith(
    op.body,
    rawBody ?? {},
    (e) => new ApiError("VALIDATION_FAILED", summarizeIssues(e), issuesOf(e)),
  );

  return op.handler({
    deps,
    params,
    query,
    body,
    client: call.client,
    auth,
    actor: auth?.actor,
    tenantId,
    ctx: op.access === "tenant" && tenantId ? tenantContext(deps, { ...auth!.actor, tenantId }) : undefined,
    setCookie: call.setCookie,
    file,
  } as never);
}
