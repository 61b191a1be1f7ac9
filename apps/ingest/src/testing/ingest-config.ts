import { parseConfig } from "@industryos/config";
import type { IngestConfig } from "../app.ts";

/**
 * Ingest's configuration from the environment for a test that starts it in-process
 * (`startIngestFromConfig`): on loopback and free ports, with `redisUrl`; LwM2M off unless a
 * test passes a port.
 */
export function testIngestConfig(redisUrl: string, overrides: Partial<IngestConfig> = {}): IngestConfig {
  return {
    ...parseConfig({ ...process.env, REDIS_URL: redisUrl }),
    INGEST_HOST: "127.0.0.1",
    INGEST_HTTP_PORT: 0,
    MQTT_PORT: 0,
    MQTT_WS_PORT: 0,
    MQTT_TLS_PORT: 0,
    COAP_PORT: 0,
    // 0 disables it; LwM2M tests pass a free port.
    LWM2M_PORT: 0,
    INGEST_METRICS_PORT: 0,
    ...overrides,
  };
}
