import { Counter, Gauge, type Registry } from "prom-client";
import type { AttemptResult } from "@industryos/api/webhooks";
import type { RecordedAttempt } from "./delivery-store.ts";

/** Prometheus metrics of the webhook dispatcher (first attempts; the retry workflows' show in Temporal). */
export function createWebhookMetrics(registry?: Registry) {
  const registers = registry ? [registry] : [];
  const created = new Counter({
    name: "industryos_webhook_deliveries_created_total",
    help: "Webhook deliveries recorded from the rule-engine streams",
    registers,
  });
  const attempts = new Counter({
    name: "industryos_webhook_first_attempts_total",
    help: "First delivery attempts made by the dispatcher, by outcome",
    labelNames: ["outcome"],
    registers,
  });
  const statuses = new Counter({
    name: "industryos_webhook_attempts_recorded_total",
    help: "Delivery attempts recorded by the dispatcher, by the delivery's status after it",
    labelNames: ["status"],
    registers,
  });
  let backlog: () => number = () => 0;
  new Gauge({
    name: "industryos_webhook_backlog",
    help: "Webhook deliveries queued or in flight in this process",
    registers,
    collect() {
      this.set(backlog());
    },
  });
  return {
    created: (n: number) => created.inc(n),
    attempted: (result: AttemptResult) => attempts.inc({ outcome: result.succeeded ? "succeeded" : "failed" }),
    recorded(rows: readonly RecordedAttempt[]) {
      for (const row of rows) statuses.inc({ status: row.status });
    },
    backlog(read: () => number) {
      backlog = read;
    },
  };
}
