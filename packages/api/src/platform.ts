import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { renewedSessionCookie } from "./auth/renewed-cookie.ts";
import type { ApiDeps } from "./deps.ts";
import { listOperations } from "./operations/registry.ts";
import { appRouter } from "./operations/trpc-router.ts";
import { createRestHandler, type RestClient } from "./rest/handler.ts";
import { openApiDocumentFor } from "./rest/openapi.ts";
import { TRPC_MAX_BATCH } from "./limits.ts";
import { createTrpcContext } from "./trpc.ts";

export const TRPC_ENDPOINT = "/api/trpc";

/** The two HTTP entry points of the API, both plain `Request → Response` functions over one registry. */
export function createPlatformApi(deps: ApiDeps) {
  const rest = createRestHandler(deps, listOperations());
  const trpc = (request: Request, client: RestClient = {}) =>
    fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req: request,
      router: appRouter,
      maxBatchSize: TRPC_MAX_BATCH,
      createContext: ({ resHeaders }) => createTrpcContext(deps, request, { ipAddress: client.ipAddress, resHeaders }),
      responseMeta: ({ ctx }) => {
        const renewed = renewedSessionCookie(ctx?.auth ?? null, request.headers, deps.publicUrl);
        return renewed ? { headers: new Headers({ "set-cookie": renewed }) } : {};
      },
      onError: ({ error }) => {
        if (error.code === "INTERNAL_SERVER_ERROR")
          deps.logger.error({ err: error.cause ?? error }, "tRPC request failed");
      },
    });
  return { rest, trpc, openApiDocument: openApiDocumentFor(deps.publicUrl) };
}
