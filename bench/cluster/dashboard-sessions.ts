import { WebSocket } from "ws";
import type { DataMessage, ServerMessage } from "@industryos/realtime/protocol";
import { connectAll, closeAll, telemetryMessage } from "../ingest/load.ts";
import { percentile } from "../realtime/stats.ts";

export interface DashboardOptions {
  /** ws://host:port/api/ws (HAProxy's public port). */
  url: string;
  /** mqtt://host:port (HAProxy's public MQTT port): where the watched devices publish. */
  mqttUrl: string;
  apiKey: string;
  sessions: number;
  /** The devices the sessions watch (session i watches device i % devices.length). */
  deviceIds: string[];
  /** Their access tokens, same order: they publish through ingest (MQTT, QoS 1). */
  tokens: string[];
  /** Device messages per second, over all watched devices. */
  rate: number;
  warmupS: number;
  durationS: number;
  /** Called when the measured window opens and closes (to sample the nodes' CPU). */
  onWindow?: (edge: "start" | "end") => void;
}

export interface DashboardResult {
  opened: number;
  failed: number;
  openSeconds: number;
  publishedPerS: number;
  wsMessagesPerS: number;
  pointsPerS: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

/**
 * Dashboard sessions as the console opens them (API-key auth, subscribeLatest of one device's
 * temperature) through HAProxy, while the watched devices publish through ingest with their
 * send time as the point's ts: latency is device publish → WebSocket message, the whole path
 * (ingest commit, Redis fan-out, web node), measured on one clock.
 */
export async function runDashboardSessions(options: DashboardOptions): Promise<DashboardResult> {
  const sockets: WebSocket[] = [];
  const latencies: number[] = [];
  let measuring = false;
  let messages = 0;
  let points = 0;
  let failed = 0;

  const open = (i: number) =>
    new Promise<void>((resolve) => {
      const socket = new WebSocket(options.url, { perMessageDeflate: false });
      sockets.push(socket);
      const deviceId = options.deviceIds[i % options.deviceIds.length]!;
      let settled = false;
      const settle = (ok: boolean) => {
        if (settled) return;
        settled = true;
        if (!ok) failed++;
        resolve();
      };
      socket.on("error", () => settle(false));
      socket.on("close", () => settle(false));
      socket.on("open", () => {
        socket.send(JSON.stringify({ type: "auth", cmdId: 0, apiKey: options.apiKey }));
        socket.send(
          JSON.stringify({
            type: "subscribeLatest",
            cmdId: 1,
            entity: { type: "DEVICE", id: deviceId },
            keys: ["temperature"],
          }),
        );
      });
      socket.on("message", (raw) => {
        const now = Date.now();
        const message = JSON.parse(raw.toString()) as ServerMessage;
        if (message.type === "error") return settle(false);
        if (message.type !== "data") return;
        if ((message as DataMessage).initial) return settle(true);
        if (!measuring) return;
        messages++;
        for (const byKey of Object.values((message as DataMessage).data)) {
          for (const list of Object.values(byKey)) {
            for (const point of list) {
              points++;
              latencies.push(now - point.ts);
            }
          }
        }
      });
    });

  const openedAt = Date.now();
  for (let i = 0; i < options.sessions; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, options.sessions - i) }, (_, j) => open(i + j)));
  }
  const openSeconds = (Date.now() - openedAt) / 1000;

  const devices = await connectAll(options.mqttUrl, options.tokens);
  let published = 0;
  let publishedInWindow = 0;
  const started = Date.now();
  let next = 0;
  const publisher = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * options.rate) - published;
    for (let k = 0; k < due; k++) {
      published++;
      if (measuring) publishedInWindow++;
      devices[next++ % devices.length]!.publish(
        "v1/devices/me/telemetry",
        telemetryMessage(published, Date.now()),
        () => undefined,
      );
    }
  }, 5);
  await new Promise((r) => setTimeout(r, options.warmupS * 1000));
  measuring = true;
  options.onWindow?.("start");
  const windowStart = Date.now();
  await new Promise((r) => setTimeout(r, options.durationS * 1000));
  measuring = false;
  options.onWindow?.("end");
  const windowS = (Date.now() - windowStart) / 1000;
  clearInterval(publisher);
  await closeAll(devices);
  for (const socket of sockets) socket.terminate();

  latencies.sort((a, b) => a - b);
  return {
    opened: options.sessions - failed,
    failed,
    openSeconds,
    publishedPerS: publishedInWindow / windowS,
    wsMessagesPerS: messages / windowS,
    pointsPerS: points / windowS,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? Number.NaN,
    },
  };
}
