import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { AggregatorRegistry, type Registry } from "prom-client";

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * GET /metrics on a port of its own (INGEST_METRICS_PORT), not on the HTTP device API's port:
 * devices reach that one from anywhere, and what the metrics tell is for operators.
 */
export async function serveMetrics(
  port: number,
  host: string,
  source: { contentType: string; read(): Promise<string> },
): Promise<MetricsServer> {
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
export function processMetrics(registry: Registry) {
  return { contentType: registry.contentType, read: () => registry.metrics() };
}

/** In an INGEST_WORKERS worker: prom-client answers the supervisor's requests from this registry. */
export function reportToSupervisor(registry: Registry): void {
  AggregatorRegistry.setRegistries(registry);
  new AggregatorRegistry(); // installs prom-client's listener for the supervisor's requests
}

/** In the supervisor: every worker's metrics, aggregated by prom-client, so one scrape describes the whole node. */
export function workersMetrics() {
  const aggregator = new AggregatorRegistry();
  return { contentType: aggregator.contentType, read: () => aggregator.clusterMetrics() };
}
