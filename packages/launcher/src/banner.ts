import type { Config } from "@industryos/config";
import type { DemoLogin } from "@industryos/db";
import type { ClusterPlan } from "./cluster/cluster-plan.ts";

export interface BannerState {
  demo?: DemoLogin;
  mode: "production" | "development";
  /** What is still being prepared (the Temporal server on a first start); the workers' Temporal worker waits for it. */
  preparing?: string;
  /** `npm run cluster`: the nodes behind HAProxy. */
  cluster?: ClusterPlan;
}

/** What a newcomer needs after `npm start`: where everything is, how to log in, what is still on its way. */
export function printBanner(config: Config, state: BannerState) {
  const host = "localhost";
  const metricsHost = config.METRICS_HOST === "0.0.0.0" ? "127.0.0.1" : config.METRICS_HOST;
  const metrics = (port: number) => `http://${metricsHost}:${port}/metrics`;
  const lines = [
    "",
    (state.preparing ? "IndustryOS is running (workers still preparing)" : "IndustryOS is running") +
      (state.cluster ? ` as a cluster: ${tierSummary(state.cluster)} behind HAProxy` : ""),
    "",
    `  Console        ${config.WEB_PUBLIC_URL}`,
    `  REST API       ${config.WEB_PUBLIC_URL}/api/v1   (OpenAPI: /api/v1/openapi.json)`,
    `  MQTT           mqtt://${host}:${config.MQTT_PORT}   (WebSocket: ws://${host}:${config.MQTT_WS_PORT})`,
    `  HTTP devices   http://${host}:${config.INGEST_HTTP_PORT}/api/v1/{token}/telemetry`,
    `  CoAP devices   coap://${host}:${config.COAP_PORT}/api/v1/{token}/telemetry`,
    config.LWM2M_PORT === 0
      ? "  LwM2M devices  off (LWM2M_PORT=0)"
      : `  LwM2M devices  coap://${host}:${config.LWM2M_PORT}   (LwM2M 1.1 over UDP, NO_SEC; the client's endpoint name is its device's LWM2M credential)`,
    ...(state.cluster
      ? clusterLines(state.cluster, config)
      : [
          `  Health         web :${config.WEB_PORT}/healthz · ingest :${config.INGEST_HTTP_PORT}/healthz · workers :${config.WORKERS_HEALTH_PORT}/healthz`,
          `  Metrics        ingest ${metrics(config.INGEST_METRICS_PORT)} · web ${metrics(config.WEB_METRICS_PORT)} · workers ${metrics(config.WORKERS_METRICS_PORT)}`,
        ]),
    `  Temporal       ${config.TEMPORAL_ADDRESS}`,
    `  PostgreSQL     ${new URL(config.DATABASE_URL).host}   Redis ${config.REDIS_CLUSTER_NODES?.join(",") ?? new URL(config.REDIS_URL).host}`,
    state.mode === "production"
      ? "  Mode           production build (NODE_ENV=production); `npm run dev` for hot reload"
      : "  Mode           development (hot reload); `npm start` runs the production build",
  ];
  // `npm start` turns this on for local receivers (local-stack.ts); said here so nobody ships it unknowingly.
  if (config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS) {
    lines.push(
      "  Webhooks       may reach private and loopback addresses (WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true); set it to false to refuse them",
    );
  }
  if (state.preparing) {
    lines.push(
      `  Preparing      ${state.preparing}; the workers connect when it is ready (the rule engine runs already)`,
    );
  }
  if (state.demo) {
    lines.push("", `  Demo login     ${state.demo.email} / ${state.demo.password}`);
    const device = state.demo.devices[0];
    if (device) {
      lines.push(
        `  Try it         mosquitto_pub -h ${host} -p ${config.MQTT_PORT} -u ${device.accessToken} -t v1/devices/me/telemetry -m '{"temperature":21.5}'`,
      );
    }
  }
  lines.push("", "  A process that exits is restarted; Ctrl-C stops everything this command started.", "");
  console.log(lines.join("\n"));
}

function tierSummary(plan: ClusterPlan): string {
  const count = (tier: string) => plan.nodes.filter((n) => n.tier === tier).length;
  return `${count("web")} web, ${count("ingest")} ingest, ${count("workers")} workers`;
}

/** Each node's own ports, and where UDP goes (HAProxy has none). */
function clusterLines(plan: ClusterPlan, config: Config): string[] {
  const lines = [
    `  HAProxy        console/API/WebSocket :${plan.publicPorts.web} → web nodes · MQTT :${plan.publicPorts.mqtt}, MQTT/WS :${plan.publicPorts.mqttWs}, device HTTP :${plan.publicPorts.http} → ingest nodes (leastconn)`,
    `  UDP            CoAP :${config.COAP_PORT} and LwM2M :${config.LWM2M_PORT} go to ${plan.udpNode} directly (HAProxy does not balance UDP)`,
  ];
  for (const node of plan.nodes) {
    const ports = Object.entries(node.env)
      .filter(([name]) => name.endsWith("_PORT"))
      .map(([name, value]) => `${name}=${value}`)
      .join(" ");
    lines.push(`  ${node.name.padEnd(14)} ${ports}`);
  }
  return lines;
}
