import type { Config } from "@industryos/config";
import { freePort } from "@industryos/devstack";

export type Tier = "web" | "ingest" | "workers";

/** How many processes of each tier `npm run cluster` runs. */
export type TierCounts = Record<Tier, number>;

export const DEFAULT_TIER_COUNTS: TierCounts = { web: 2, ingest: 2, workers: 2 };

export interface ClusterNode {
  /** `web-1`, `ingest-2`, …: its name in logs, the supervisor and HAProxy. */
  name: string;
  tier: Tier;
  workspace: string;
  /** Its own ports (and per-node settings), laid over the stack's environment. */
  env: Record<string, string>;
  healthUrl: string;
}

export interface IngestNodePorts {
  name: string;
  mqtt: number;
  mqttTls: number;
  mqttWs: number;
  http: number;
}

export interface ClusterPlan {
  nodes: ClusterNode[];
  web: { name: string; port: number }[];
  ingest: IngestNodePorts[];
  /** The single-node deployment's ports, now HAProxy's: devices and browsers change nothing. */
  publicPorts: { web: number; mqtt: number; mqttTls: number | null; mqttWs: number; http: number };
  /** HAProxy has no UDP: CoAP and LwM2M datagrams reach this ingest node directly on the public ports. */
  udpNode: string;
}

const WORKSPACES: Record<Tier, string> = {
  web: "@industryos/web",
  ingest: "@industryos/ingest",
  workers: "@industryos/workers",
};

/**
 * Gives every node its own ports (free ones, chosen now and kept across restarts) and leaves the
 * public ports of `config` to HAProxy, except CoAP and LwM2M, which ingest-1 keeps (UDP).
 */
export async function planCluster(config: Config, counts: TierCounts = DEFAULT_TIER_COUNTS): Promise<ClusterPlan> {
  const nodes: ClusterNode[] = [];
  const web: ClusterPlan["web"] = [];
  const ingest: IngestNodePorts[] = [];
  const tls = Boolean(config.MQTT_TLS_CERT_FILE);

  for (let i = 1; i <= counts.ingest; i++) {
    const name = `ingest-${i}`;
    const ports = {
      name,
      mqtt: await freePort(),
      mqttTls: await freePort(),
      mqttWs: await freePort(),
      http: await freePort(),
    };
    ingest.push(ports);
    const first = i === 1;
    nodes.push({
      name,
      tier: "ingest",
      workspace: WORKSPACES.ingest,
      env: {
        MQTT_PORT: String(ports.mqtt),
        MQTT_TLS_PORT: String(ports.mqttTls),
        MQTT_WS_PORT: String(ports.mqttWs),
        INGEST_HTTP_PORT: String(ports.http),
        INGEST_METRICS_PORT: String(await freePort()),
        COAP_PORT: String(first ? config.COAP_PORT : await freePort()),
        LWM2M_PORT: String(first || config.LWM2M_PORT === 0 ? config.LWM2M_PORT : await freePort()),
        // One demo simulator for the whole cluster, or the demo devices would report twice.
        ...(first ? {} : { DEMO_SIMULATOR: "false" }),
      },
      healthUrl: `http://127.0.0.1:${ports.http}/healthz`,
    });
  }
  for (let i = 1; i <= counts.workers; i++) {
    const health = await freePort();
    nodes.push({
      name: `workers-${i}`,
      tier: "workers",
      workspace: WORKSPACES.workers,
      env: { WORKERS_HEALTH_PORT: String(health), WORKERS_METRICS_PORT: String(await freePort()) },
      healthUrl: `http://127.0.0.1:${health}/healthz`,
    });
  }
  for (let i = 1; i <= counts.web; i++) {
    const name = `web-${i}`;
    const port = await freePort();
    web.push({ name, port });
    nodes.push({
      name,
      tier: "web",
      workspace: WORKSPACES.web,
      // Clients' addresses (rate limits, audit) come from HAProxy's X-Forwarded-For.
      env: { WEB_PORT: String(port), WEB_METRICS_PORT: String(await freePort()), WEB_TRUST_PROXY: "true" },
      healthUrl: `http://127.0.0.1:${port}/healthz`,
    });
  }
  return {
    nodes,
    web,
    ingest,
    publicPorts: {
      web: config.WEB_PORT,
      mqtt: config.MQTT_PORT,
      mqttTls: tls ? config.MQTT_TLS_PORT : null,
      mqttWs: config.MQTT_WS_PORT,
      http: config.INGEST_HTTP_PORT,
    },
    udpNode: "ingest-1",
  };
}

/** `--web 3 --ingest 2 --workers 1`-style counts from the command line (each at least 1). */
export function tierCountsFromArgs(argv: string[]): TierCounts {
  const counts = { ...DEFAULT_TIER_COUNTS };
  for (const tier of Object.keys(counts) as Tier[]) {
    const at = argv.indexOf(`--${tier}`);
    if (at === -1) continue;
    const value = Number(argv[at + 1]);
    if (!Number.isInteger(value) || value < 1 || value > 16) {
      throw new Error(`--${tier} takes a number of nodes from 1 to 16, got ${argv[at + 1] ?? "nothing"}`);
    }
    counts[tier] = value;
  }
  return counts;
}

/** `npm start`'s one process of each tier, on the configured ports. */
export function singleNodes(config: Config): ClusterNode[] {
  const node = (tier: Tier, healthPort: number): ClusterNode => ({
    name: tier,
    tier,
    workspace: WORKSPACES[tier],
    env: {},
    healthUrl: `http://127.0.0.1:${healthPort}/healthz`,
  });
  return [
    node("ingest", config.INGEST_HTTP_PORT),
    node("workers", config.WORKERS_HEALTH_PORT),
    node("web", config.WEB_PORT),
  ];
}
