import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { collectDefaultMetrics, Registry } from "prom-client";

export interface MetricsSource {
  contentType: string;
  read(): Promise<string>;
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * GET /metrics (Prometheus text format) on a port of its own, bound to `host` (METRICS_HOST,
 * loopback by default): what the metrics tell is for operators, not for the devices' or the
 * browsers' network.
 */
export async function serveMetrics(port: number, host: string, source: MetricsSource): Promise<MetricsServer> {
  const json = (status: number, code: string, message: string) => ({
    status,
    body: JSON.stringify({ error: { code, message } }),
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics" || req.method !== "GET") {
      const { status, body } =
        path === "/metrics"
          ? json(405, "METHOD_NOT_ALLOWED", "only GET /metrics")
          : json(404, "NOT_FOUND", "metrics are at GET /metrics");
      res.writeHead(status, { "content-type": "application/json" }).end(body);
      return;
    }
    source.read().then(
      (text) => res.writeHead(200, { "content-type": source.contentType }).end(text),
      (error: Error) => {
        const { status, body } = json(503, "UNAVAILABLE", `metrics could not be collected: ${error.message}`);
        res.writeHead(status, { "content-type": "application/json" }).end(body);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One process's own metrics. */
export function processMetrics(registry: Registry): MetricsSource {
  return { contentType: registry.contentType, read: () => registry.metrics() };
}

/** A registry with Node's process metrics (CPU, memory, event-loop lag, GC), prefixed by nothing, like ingest's. */
export function createProcessRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
