import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { renewedSessionCookie } from "./auth/renewed-cookie.ts";
import type { ApiDeps } from "./deps.ts";
import { createRestHandler } from "./rest/handler.ts";
import { buildOpenApiDocument } from "./rest/openapi.ts";
import { defineRoute, type AnyRestRoute } from "./rest/route.ts";
import { restRoutes } from "./rest/routes.ts";
import { appRouter } from "./root.ts";
import { createTrpcContext } from "./trpc.ts";

export const TRPC_ENDPOINT = "/api/trpc";

/** The two HTTP entry points of the API, both plain `Request → Response` functions. */
export function createPlatformApi(deps: ApiDeps, routes: AnyRestRoute[] = restRoutes) {
  const document = buildOpenApiDocument(routes, deps.publicUrl);
  const openApiRoute = defineRoute({
    method: "GET",
    path: "/openapi.json",
    tag: "Reference",
    summary: "This OpenAPI 3.1 document",
    access: "public",
    handler: async () => document,
  });
  const rest = createRestHandler(deps, [openApiRoute, ...routes]);
  const trpc = (request: Request) =>
    fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req: request,
      router: appRouter,
      createContext: () => createTrpcContext(deps, request),
      responseMeta: ({ ctx }) => {
        const renewed = renewedSessionCookie(ctx?.auth ?? null, request.headers, deps.publicUrl);
        return renewed ? { headers: new Headers({ "set-cookie": renewed }) } : {};
      },
      onError: ({ error }) => {
        if (error.code === "INTERNAL_SERVER_ERROR")
          deps.logger.error({ err: error.cause ?? error }, "tRPC request failed");
      },
    });
  return { rest, trpc, openApiDocument: document };
}
