import { createProcessRegistry } from "@industryos/runtime";
import { Counter, Histogram } from "prom-client";

/** Which part of the web process answered: the label stays a handful of values, whatever the URL. */
export type WebRoute = "healthz" | "rest" | "trpc" | "console";

/**
 * The web process's Prometheus metrics (GET /metrics on WEB_METRICS_PORT): Node's process metrics
 * and every HTTP answer by part and status class. /api/ws upgrades are not HTTP answers and are not counted.
 */
export function createWebMetrics() {
  const registry = createProcessRegistry();
  const registers = [registry];
  const requests = new Counter({
    name: "industryos_web_http_requests_total",
    help: "HTTP answers of the web process, by part (healthz, rest, trpc, console) and status class",
    labelNames: ["route", "status"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "industryos_web_http_request_duration_seconds",
    help: "From a request's arrival to the end of its answer, by part",
    labelNames: ["route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  return {
    registry,
    answered(route: WebRoute, status: number, seconds: number) {
      requests.inc({ route, status: `${Math.floor(status / 100)}xx` });
      duration.observe({ route }, seconds);
    },
  };
}

export type WebMetrics = ReturnType<typeof createWebMetrics>;
