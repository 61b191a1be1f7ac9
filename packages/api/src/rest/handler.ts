import { authenticate } from "../auth/authenticate.ts";
import { allowedOriginsFor, isCrossSiteMutation } from "../auth/csrf.ts";
import { renewedSessionCookie } from "../auth/renewed-cookie.ts";
import type { ApiDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { Readable } from "node:stream";
import { BinaryReply, Reply, type AnyOperation } from "../operations/operation.ts";
import type { NamedOperation } from "../operations/registry.ts";
import { runOperation } from "../operations/run-operation.ts";
import { errorResponse, toApiError } from "./error-response.ts";
import { compileOperations } from "./match.ts";
import { handleProviderCallback, PROVIDER_CALLBACKS_PATH } from "../services/delivery-reports/provider-callbacks.ts";
import { readMultipart, type MultipartUpload } from "./multipart.ts";

export const REST_PREFIX = "/api/v1";

const tooLarge = () => new ApiError("PAYLOAD_TOO_LARGE", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB`);

export interface RestClient {
  ipAddress?: string;
}

/** Large enough for any entity or attribute batch; bigger bodies are refused unread. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The body as the operation takes it: one of its other formats when the Content-Type names one, else JSON. */
async function readBody(request: Request, operation: AnyOperation): Promise<unknown> {
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const format = operation.bodyFormats?.[mediaType];
  if (!format) return readJsonBody(request);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  return format.decode(request);
}

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

/**
 * The REST adapter: matches the operation by method and path, authenticates (API key or
 * cookie), hands the raw path, query and body to `runOperation`, and writes every failure as
 * `{"error": {code, message, details?}}`.
 */
export function createRestHandler(deps: ApiDeps, operations: NamedOperation[]) {
  const match = compileOperations(operations);

  return async function handleRest(request: Request, client: RestClient = {}): Promise<Response> {
    const headers = new Headers({ "cache-control": "no-store", "x-content-type-options": "nosniff" });
    let upload: MultipartUpload | undefined;
    try {
      const url = new URL(request.url);
      const path = url.pathname.slice(REST_PREFIX.length) || "/";
      if (path.startsWith(PROVIDER_CALLBACKS_PATH)) return await handleProviderCallback(deps, request, path);
      const found = match(request.method, path);
      if (found === null) throw new ApiError("NOT_FOUND", `No API route ${request.method} ${url.pathname}`);
      if (found === "method-not-allowed")
        throw new ApiError("METHOD_NOT_ALLOWED", `${request.method} is not supported on ${url.pathname}`);
      const { operation } = found;

      const auth = await authenticate(deps, request.headers);
      const renewed = renewedSessionCookie(auth, request.headers, deps.publicUrl);
      if (renewed) headers.append("set-cookie", renewed);

      const result = await runOperation(operation, {
        deps,
        auth,
        crossSite: isCrossSiteMutation(request, allowedOriginsFor(request, deps.publicUrl)),
        hasOrigin: request.headers.has("origin"),
        params: found.params,
        query: Object.fromEntries(url.searchParams),
        readBody: () => readBody(request, operation),
        readUpload: async (fileField) => (upload = await readMultipart(request, fileField)),
        client: { ipAddress: client.ipAddress, userAgent: request.headers.get("user-agent") ?? undefined },
        setCookie: (cookie) => headers.append("set-cookie", cookie),
      });

      if (result instanceof BinaryReply) {
        for (const [k, v] of Object.entries(result.headers)) headers.set(k, v);
        const body = Readable.toWeb(Readable.from(result.body)) as ReadableStream<Uint8Array>;
        return new Response(body, { status: 200, headers });
      }
      if (result instanceof Reply) {
        for (const [k, v] of Object.entries(result.headers)) headers.set(k, v);
        if (result.body === undefined) return new Response(null, { status: result.status, headers });
        headers.set("content-type", "application/json");
        return new Response(JSON.stringify(result.body), { status: result.status, headers });
      }
      if (result === undefined) return new Response(null, { status: 204, headers });
      headers.set("content-type", "application/json");
      return new Response(JSON.stringify(result), { status: operation.successStatus ?? 200, headers });
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.code === "INTERNAL")
        deps.logger.error({ err: thrown, url: request.url, method: request.method }, "REST request failed");
      return errorResponse(error, headers);
    } finally {
      // An upload refused before its file was read: the rest of the request is not wanted.
      upload?.abandon();
    }
  };
}
