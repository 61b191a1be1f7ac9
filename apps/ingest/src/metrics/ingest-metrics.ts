import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Refusal } from "../core/refusals.ts";

export type Transport = "mqtt" | "http" | "coap";

/** What the gauges read when Prometheus scrapes: they cost nothing between scrapes. */
export interface IngestGaugeSources {
  mqttConnections(): number;
  pendingMessages(): number;
  databaseWriting(): boolean;
  ruleEngineBacklog(): number;
  /** The rule engine's lag as the outbox last sampled it (RuleEngineOutbox.lag). */
  ruleEngineLag(): { messages: number | null; backpressure: boolean };
}

/**
 * The ingest process's Prometheus metrics. Per-message work stays off the hot path: committed
 * messages are counted per batch, refusals and authentication failures are rare by nature, and
 * the gauges are read at scrape time.
 */
export function createIngestMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const committedMessages = new Counter({
    name: "industryos_ingest_messages_committed_total",
    help: "Device messages committed to PostgreSQL; each was acknowledged only after this",
    registers,
  });
  const committedRows = new Counter({
    name: "industryos_ingest_rows_committed_total",
    help: "Telemetry points and attributes committed",
    registers,
  });
  const failedMessages = new Counter({
    name: "industryos_ingest_messages_not_stored_total",
    help: "Messages whose batch could not be committed (database down past the write timeout, or refused by it); none was acknowledged",
    registers,
  });
  const batchWrite = new Histogram({
    name: "industryos_ingest_batch_write_seconds",
    help: "From a batch's first write attempt to its commit, retries included",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const refused = new Counter({
    name: "industryos_ingest_refused_total",
    help: "Device requests refused, by transport and reason; nothing of them was stored",
    labelNames: ["transport", "reason"] as const,
    registers,
  });
  const authFailures = new Counter({
    name: "industryos_ingest_auth_failures_total",
    help: "Device authentications refused, by reason",
    labelNames: ["reason"] as const,
    registers,
  });

  return {
    registry,
    /** A batch committed or refused (the persist queue's onBatch). */
    batchWritten(batch: { messages: number; rows: number; seconds: number; committed: boolean }) {
      batchWrite.observe(batch.seconds);
      if (!batch.committed) return failedMessages.inc(batch.messages);
      committedMessages.inc(batch.messages);
      committedRows.inc(batch.rows);
    },
    refused(transport: Transport, reason: Refusal) {
      refused.inc({ transport, reason });
    },
    authFailed(reason: string) {
      authFailures.inc({ reason });
    },
    /** Gauges read at scrape time; call once the broker and queue exist. */
    watch(sources: IngestGaugeSources) {
      new Gauge({
        name: "industryos_ingest_mqtt_connections",
        help: "Authenticated MQTT connections",
        registers,
        collect() {
          this.set(sources.mqttConnections());
        },
      });
      new Gauge({
        name: "industryos_ingest_pending_messages",
        help: "Messages accepted and not yet committed or refused (bounded by INGEST_MAX_PENDING)",
        registers,
        collect() {
          this.set(sources.pendingMessages());
        },
      });
      new Gauge({
        name: "industryos_ingest_database_writing",
        help: "1 while batches commit, 0 while the database refuses writes (acknowledgements are held)",
        registers,
        // Across workers: 0 when any of them cannot write.
        aggregator: "min",
        collect() {
          this.set(sources.databaseWriting() ? 1 : 0);
        },
      });
      new Gauge({
        name: "industryos_ingest_rule_engine_backlog_messages",
        help: "Committed messages waiting for Redis to take them onto the rule-engine stream (bounded by INGEST_RULE_ENGINE_BACKLOG)",
        registers,
        collect() {
          this.set(sources.ruleEngineBacklog());
        },
      });
      new Gauge({
        name: "industryos_ingest_rule_engine_lag_messages",
        help: "Messages the rule engine's consumer group has not acknowledged yet, all streams (estimated from entries; absent while no group exists)",
        registers,
        // Every worker samples the same streams.
        aggregator: "max",
        collect() {
          const { messages } = sources.ruleEngineLag();
          if (messages === null) this.reset();
          else this.set(messages);
        },
      });
      new Gauge({
        name: "industryos_ingest_rule_engine_backpressure",
        help: "1 while acknowledgements are held because the rule engine's lag is past RULE_ENGINE_MAX_LAG_MESSAGES",
        registers,
        aggregator: "max",
        collect() {
          this.set(sources.ruleEngineLag().backpressure ? 1 : 0);
        },
      });
    },
  };
}

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
