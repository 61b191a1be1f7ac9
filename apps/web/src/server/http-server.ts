import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { REST_PREFIX } from "@industryos/api";
import { handleHealthRequest, type HealthCheck, type Logger } from "@industryos/runtime";
import { clientAddress, sendFetchResponse, toFetchRequest } from "./node-bridge.ts";
import type { WebMetrics, WebRoute } from "./web-metrics.ts";

export interface WebServerParts {
  logger: Logger;
  publicUrl: string;
  /** Take the client address from X-Forwarded-For (behind a load balancer). */
  trustProxy?: boolean;
  health: Record<string, HealthCheck>;
  api: {
    rest: (request: Request, client: { ipAddress?: string }) => Promise<Response>;
    trpc: (request: Request, client: { ipAddress?: string }) => Promise<Response>;
  };
  /** Next.js's handler; absent in API-only tests. */
  next?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Next's upgrade handler (dev-mode hot reload). */
  nextUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;
  /** Counts every answer for GET /metrics. */
  metrics?: Pick<WebMetrics, "answered">;
}

function routeOf(path: string): WebRoute {
  if (path === "/healthz") return "healthz";
  if (path === REST_PREFIX || path.startsWith(`${REST_PREFIX}/`)) return "rest";
  if (path.startsWith("/api/trpc/")) return "trpc";
  return "console";
}

/**
 * One HTTP server: /healthz, then the API (REST and tRPC, handled before Next so its bundler
 * never touches database code), then the console pages from Next.
 */
export function createWebServer(parts: WebServerParts): Server {
  const server = createServer((req, res) => {
    if (parts.metrics) {
      const metrics = parts.metrics;
      const started = performance.now();
      const part = routeOf((req.url ?? "/").split("?")[0] ?? "/");
      res.once("finish", () => metrics.answered(part, res.statusCode, (performance.now() - started) / 1000));
    }
    void route(req, res).catch((error: unknown) => {
      parts.logger.error({ err: error, url: req.url }, "request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "INTERNAL", message: "Internal server error" } }));
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse) {
    if (await handleHealthRequest(req, res, parts.health)) return;
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === REST_PREFIX || path.startsWith(`${REST_PREFIX}/`)) {
      const response = await parts.api.rest(toFetchRequest(req, parts.publicUrl), {
        ipAddress: clientAddress(req, parts.trustProxy),
      });
      return sendFetchResponse(res, response);
    }
    if (path.startsWith("/api/trpc/")) {
      // The REST adapter refuses big bodies itself; tRPC's adapter would read them whole.
      if (Number(req.headers["content-length"] ?? 0) > 1024 * 1024) {
        res.writeHead(413, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "PAYLOAD_TOO_LARGE", message: "The body is larger than 1024 KiB" } }));
        return;
      }
      const response = await parts.api.trpc(toFetchRequest(req, parts.publicUrl), {
        ipAddress: clientAddress(req, parts.trustProxy),
      });
      return sendFetchResponse(res, response);
    }
    if (parts.next) return parts.next(req, res);
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "Not found" } }));
  }

  if (parts.nextUpgrade) {
    const upgrade = parts.nextUpgrade;
    // /api/ws belongs to the realtime server, which attaches its own upgrade listener.
    server.on("upgrade", (req, socket, head) => {
      if (!(req.url ?? "").startsWith("/api/ws")) void upgrade(req, socket, head);
    });
  }
  return server;
}
