import { AggregatorRegistry, type Registry } from "prom-client";

// GET /metrics on a port of its own (INGEST_METRICS_PORT, bound to METRICS_HOST), not on the HTTP
// device API's port: devices reach that one from anywhere, and what the metrics tell is for operators.
export { processMetrics, serveMetrics, type MetricsServer } from "@industryos/runtime";

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
