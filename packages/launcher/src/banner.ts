import type { Config } from "@industryos/config";
import type { DemoLogin } from "@industryos/db";

/** What a newcomer needs after `npm start`: where everything is and how to log in. */
export function printBanner(config: Config, demo?: DemoLogin) {
  const host = "localhost";
  const lines = [
    "",
    "IndustryOS is running",
    "",
    `  Console        ${config.WEB_PUBLIC_URL}`,
    `  REST API       ${config.WEB_PUBLIC_URL}/api/v1   (OpenAPI: /api/v1/openapi.json)`,
    `  MQTT           mqtt://${host}:${config.MQTT_PORT}   (WebSocket: ws://${host}:${config.MQTT_WS_PORT})`,
    `  HTTP devices   http://${host}:${config.INGEST_HTTP_PORT}/api/v1/{token}/telemetry`,
    `  CoAP devices   coap://${host}:${config.COAP_PORT}/api/v1/{token}/telemetry`,
    `  Health         web :${config.WEB_PORT}/healthz · ingest :${config.INGEST_HTTP_PORT}/healthz · workers :${config.WORKERS_HEALTH_PORT}/healthz`,
    `  Metrics        ingest http://127.0.0.1:${config.INGEST_METRICS_PORT}/metrics (Prometheus)`,
    `  Temporal       ${config.TEMPORAL_ADDRESS}`,
    `  PostgreSQL     ${new URL(config.DATABASE_URL).host}   Redis ${new URL(config.REDIS_URL).host}`,
  ];
  if (demo) {
    lines.push("", `  Demo login     ${demo.email} / ${demo.password}`);
    const device = demo.devices[0];
    if (device) {
      lines.push(
        `  Try it         mosquitto_pub -h ${host} -p ${config.MQTT_PORT} -u ${device.accessToken} -t v1/devices/me/telemetry -m '{"temperature":21.5}'`,
      );
    }
  }
  lines.push("", "  Ctrl-C stops everything this command started.", "");
  console.log(lines.join("\n"));
}
