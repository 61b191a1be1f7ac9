import { closeAll, connectAll, selfCpuOverWindow, telemetryMessage, type ClientKind, type LoadResult } from "./load.ts";

export interface ClosedLoopOptions {
  url: string;
  client: ClientKind;
  usernames: string[];
  /** Messages each device keeps unacknowledged: the next is sent when one is acknowledged. */
  inFlight: number;
  /** Telemetry keys per message (default 5). */
  keys?: number;
  warmupS: number;
  durationS: number;
  onWindow?: (edge: "start" | "end") => void;
}

/**
 * Closed-loop QoS 1 load: every device keeps `inFlight` messages outstanding and sends the
 * next on each PUBACK, so the broker runs flat out without an ever-growing backlog. The
 * acknowledged rate is the broker's capacity; this is how it is compared with Mosquitto.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const clients = await connectAll(options.url, options.usernames, options.client);
  const selfCpu = selfCpuOverWindow();
  const clocks = clients.map(() => Date.now() - 2 * 3_600_000);
  const latencies: number[] = [];
  let acked = 0;
  let ackedEver = 0;
  let sent = 0;
  let running = true;
  const start = performance.now();
  const windowStart = start + options.warmupS * 1000;
  const windowEnd = windowStart + options.durationS * 1000;

  const send = (index: number) => {
    if (!running) return;
    const client = clients[index]!;
    const publishedAt = performance.now();
    sent++;
    client.publish("v1/devices/me/telemetry", telemetryMessage(sent, ++clocks[index]!, options.keys), (error) => {
      const ackedAt = performance.now();
      if (!error) ackedEver++;
      if (!error && ackedAt >= windowStart && ackedAt < windowEnd) {
        acked++;
        latencies.push(ackedAt - publishedAt);
      }
      if (!error) send(index);
    });
  };
  clients.forEach((_, index) => {
    for (let k = 0; k < options.inFlight; k++) send(index);
  });

  await new Promise((r) => setTimeout(r, options.warmupS * 1000));
  selfCpu.onWindow("start");
  options.onWindow?.("start");
  await new Promise((r) => setTimeout(r, options.durationS * 1000));
  selfCpu.onWindow("end");
  options.onWindow?.("end");
  running = false;
  await new Promise((r) => setTimeout(r, 1000));
  await closeAll(clients);
  return {
    acked,
    ackedEver,
    sent,
    windowS: options.durationS,
    latenciesMs: Float64Array.from(latencies).sort(),
    loadGeneratorCpu: selfCpu.cores(),
  };
}
