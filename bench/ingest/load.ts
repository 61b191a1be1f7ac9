import mqtt from "mqtt";
import { LeanClient } from "./lean-client.ts";
import { cpuOverWindow } from "./proc-stats.ts";

/** `lean`: bench/ingest/lean-client.ts (the default); `mqttjs`: the `mqtt` package, to compare. */
export type ClientKind = "lean" | "mqttjs";
export const clientKinds: readonly ClientKind[] = ["lean", "mqttjs"];

/** What the load runners need from a device connection, whichever client implements it. */
export interface BenchClient {
  /** QoS 1; `onAck` runs on the PUBACK, or with an error if the connection is lost first. */
  publish(topic: string, payload: string, onAck: (error?: Error) => void): void;
  end(): Promise<void>;
}

export interface LoadOptions {
  url: string;
  client: ClientKind;
  /** One username (access token) per simulated device. */
  usernames: string[];
  /** Messages per second across all devices. */
  rate: number;
  /** Telemetry keys per message (default 5). */
  keys?: number;
  warmupS: number;
  durationS: number;
  /** Called when the measured window opens and closes (to sample the broker's CPU). */
  onWindow?: (edge: "start" | "end") => void;
}

export interface LoadResult {
  /** PUBACKs received inside the measured window (their latencies are in `latenciesMs`). */
  acked: number;
  /** Every PUBACK received, in the window or not (for ingest, each is a message it says it stored). */
  ackedEver: number;
  sent: number;
  windowS: number;
  latenciesMs: Float64Array;
  /** CPU this process (the load generator) used over the window, as a fraction of one core. */
  loadGeneratorCpu: number;
  /** Open loop: when the measured window opened (wall clock), to line the tail up with server logs. */
  windowOpenedAt?: string;
  /** Open loop: the 100 ms stretches of the window (by send time, seconds into it) whose slowest PUBACK took over 100 ms. */
  slowStretches?: { atS: number; maxMs: number }[];
}

/** CPU of this process (the load generator) over a window, like the servers' (read from process.cpuUsage: finer than /proc's ticks). */
export function selfCpuOverWindow() {
  return cpuOverWindow(process.pid, () => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1e6;
  });
}

/** Keys of the default message; `--keys` adds more after them. */
export const BASE_KEYS = 5;

/**
 * A telemetry message like a small industrial sensor's: 5 keys, or `keys` (more than 5: the five
 * plus `m5`, `m6`, ... numeric readings, like a larger controller's). Each carries its own
 * timestamp, unique per device (`ts`), so no two messages of a device land on the same stored
 * point and the database count can be checked against the acknowledgements.
 */
export function telemetryMessage(i: number, ts: number, keys = BASE_KEYS): string {
  const base = JSON.stringify({
    ts,
    values: {
      temperature: 20 + (i % 100) / 10,
      humidity: 40 + (i % 37),
      pressure: 1000 + (i % 29),
      power: (i % 53) / 7,
      running: i % 2 === 0,
    },
  });
  if (keys <= BASE_KEYS) return base;
  // The extra readings are made once per key count (64 variants), so a heavier message costs the
  // generator one concatenation, not a JSON.stringify of every key: its CPU is the box's too.
  return `${base.slice(0, -2)}${extraReadings(keys)[i & 63]}}}`;
}

const extraReadingsByCount = new Map<number, string[]>();
function extraReadings(keys: number): string[] {
  let variants = extraReadingsByCount.get(keys);
  if (!variants) {
    variants = Array.from({ length: 64 }, (_, v) => {
      let text = "";
      for (let k = BASE_KEYS; k < keys; k++) text += `,"m${k}":${((v * 31 + k * 17) % 1000) / 10}`;
      return text;
    });
    extraReadingsByCount.set(keys, variants);
  }
  return variants;
}

async function connectOne(kind: ClientKind, url: string, username: string, clientId: string): Promise<BenchClient> {
  if (kind === "lean") {
    const { hostname, port } = new URL(url);
    // Keepalive 300 s as with mqtt.js: the lean client pings when idle, but no phase idles that long.
    return LeanClient.connect({
      host: hostname,
      port: Number(port || 1883),
      clientId,
      username,
      keepalive: 300,
      connectTimeoutMs: 30_000,
    });
  }
  const client = await mqtt.connectAsync(url, {
    username,
    clientId,
    reconnectPeriod: 0,
    connectTimeout: 30_000,
    keepalive: 300,
  });
  return {
    publish: (topic, payload, onAck) =>
      void client.publish(topic, payload, { qos: 1 }, (error) => onAck(error ?? undefined)),
    end: () => client.endAsync(true).catch(() => undefined),
  };
}

export async function connectAll(
  url: string,
  usernames: string[],
  kind: ClientKind = "lean",
  batch = 250,
): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  for (let i = 0; i < usernames.length; i += batch) {
    const wave = usernames
      .slice(i, i + batch)
      .map((username, j) => connectOne(kind, url, username, `bench-${i + j}-${process.pid}`));
    clients.push(...(await Promise.all(wave)));
  }
  return clients;
}

export async function closeAll(clients: BenchClient[]) {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
}

/**
 * Open-loop QoS 1 load: messages are published at the target rate whatever the broker does
 * (spread round-robin over the devices), so a slow broker shows up as latency and a lower
 * acknowledged rate rather than as a politely slower client.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const clients = await connectAll(options.url, options.usernames, options.client);
  const selfCpu = selfCpuOverWindow();
  // Per-device clocks one millisecond apart per message, starting an hour back (always in the past).
  const clocks = clients.map(() => Date.now() - 3_600_000);
  const latencies = new Float64Array(Math.ceil(options.rate * (options.durationS + 1) * 1.2));
  let recorded = 0;
  let sent = 0;
  let sentInWindow = 0;
  let acked = 0;
  let ackedEver = 0;
  let next = 0;
  const start = performance.now();
  const windowStart = start + options.warmupS * 1000;
  const windowEnd = windowStart + options.durationS * 1000;
  const stopAt = windowEnd;
  let windowOpened = false;
  let windowOpenedAt = "";
  const slowestPer100Ms: number[] = [];

  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      if (!windowOpened && now >= windowStart) {
        windowOpened = true;
        windowOpenedAt = new Date().toISOString();
        selfCpu.onWindow("start");
        options.onWindow?.("start");
      }
      if (now >= stopAt) {
        clearInterval(tick);
        selfCpu.onWindow("end");
        options.onWindow?.("end");
        resolve();
        return;
      }
      const due = Math.floor(((now - start) / 1000) * options.rate) - sent;
      for (let k = 0; k < due; k++) {
        const index = next++ % clients.length;
        const client = clients[index]!;
        const ts = ++clocks[index]!;
        const publishedAt = performance.now();
        const inWindow = publishedAt >= windowStart && publishedAt < windowEnd;
        if (inWindow) sentInWindow++;
        sent++;
        client.publish("v1/devices/me/telemetry", telemetryMessage(sent, ts, options.keys), (error) => {
          // Throughput counts acknowledgements arriving inside the window, whenever the message
          // was sent: under overload the backlog is served, just late, and shows as latency.
          const ackedAt = performance.now();
          if (!error) ackedEver++;
          if (error || ackedAt < windowStart || ackedAt >= windowEnd) return;
          acked++;
          const latency = ackedAt - publishedAt;
          if (recorded < latencies.length) latencies[recorded++] = latency;
          const stretch = Math.floor((publishedAt - windowStart) / 100);
          if (latency > (slowestPer100Ms[stretch] ?? 0)) slowestPer100Ms[stretch] = latency;
        });
      }
    }, 2);
  });
  // Give the broker a moment to drain before the next phase (these late acks are not counted).
  await new Promise((r) => setTimeout(r, 2000));
  await closeAll(clients);
  return {
    acked,
    ackedEver,
    sent: sentInWindow,
    windowS: options.durationS,
    latenciesMs: latencies.slice(0, recorded).sort(),
    loadGeneratorCpu: selfCpu.cores(),
    windowOpenedAt,
    slowStretches: slowestPer100Ms.flatMap((maxMs, i) =>
      maxMs > 100 ? [{ atS: i / 10, maxMs: Math.round(maxMs) }] : [],
    ),
  };
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * How long a new device waits for its CONNACK when it connects `afterMs` from now (null: refused or
 * timed out after 30 s). Under overload the broker must keep accepting connections.
 */
export async function timeConnectAfter(
  url: string,
  username: string,
  kind: ClientKind,
  afterMs: number,
): Promise<number | null> {
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  const started = performance.now();
  try {
    const [client] = await connectAll(url, [username], kind);
    const ms = performance.now() - started;
    await client!.end();
    return Number(ms.toFixed(1));
  } catch {
    return null;
  }
}
