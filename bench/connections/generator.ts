// One load-generator process of bench/connections/run.ts (forked by it, driven over IPC): holds its
// share of the device connections from its own loopback source address, connects them as fast as
// the broker accepts (a window of CONNECTs in flight), and publishes its share of the message rate.
// Several of these exist because one process may hold at most 20,000 open files here, and one
// source address has only ~28,000 ephemeral ports towards the broker's one port.
import { LeanClient } from "../ingest/lean-client.ts";
import { telemetryMessage } from "../ingest/load.ts";
import type { GeneratorCommand, GeneratorReply } from "./protocol.ts";

const clients: LeanClient[] = [];
const reply = (message: GeneratorReply) => process.send!(message);

async function connect(command: Extract<GeneratorCommand, { type: "connect" }>) {
  const started = performance.now();
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const worker = async () => {
    while (next < command.tokens.length) {
      const index = next++;
      try {
        const client = await LeanClient.connect({
          host: command.host,
          port: command.port,
          localAddress: command.localAddress,
          clientId: `c-${command.localAddress}-${index}`,
          username: command.tokens[index]!,
          keepalive: command.keepaliveS,
          connectTimeoutMs: 60_000,
        });
        clients.push(client);
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: command.inFlight }, worker));
  reply({
    type: "connected",
    connected: clients.length,
    failed,
    firstError,
    seconds: (performance.now() - started) / 1000,
  });
}

/** Open loop: `rate` QoS 1 messages/s spread round-robin over this process's connections, for `durationS`. */
async function publish(command: Extract<GeneratorCommand, { type: "publish" }>) {
  let sent = 0;
  let acked = 0;
  let failed = 0;
  let next = 0;
  // Acknowledgements per 10 s stretch: a broker that slows down over the run shows here.
  const ackedPerStretch: number[] = [];
  // PUBACK latencies of every 10th message (enough for percentiles, bounded memory over 10 minutes).
  const latencies: number[] = [];
  const clocks = new Float64Array(clients.length).fill(Date.now() - 3_600_000);
  const start = performance.now();
  const end = start + command.durationS * 1000;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      if (now >= end) {
        clearInterval(tick);
        return resolve();
      }
      const due = Math.floor(((now - start) / 1000) * command.rate) - sent;
      for (let k = 0; k < due; k++) {
        const index = next++ % clients.length;
        const ts = ++clocks[index]!;
        const publishedAt = performance.now();
        const sample = sent % 10 === 0;
        sent++;
        clients[index]!.publish("v1/devices/me/telemetry", telemetryMessage(sent, ts), (error) => {
          if (error) return void failed++;
          const ackedAt = performance.now();
          if (ackedAt >= end) return; // late: not delivered within the window
          acked++;
          const stretch = Math.floor((ackedAt - start) / 10_000);
          ackedPerStretch[stretch] = (ackedPerStretch[stretch] ?? 0) + 1;
          if (sample) latencies.push(ackedAt - publishedAt);
        });
      }
    }, 10);
  });
  reply({
    type: "published",
    sent,
    acked,
    failed,
    ackedPerStretch: Array.from(ackedPerStretch, (n) => n ?? 0),
    latencies,
  });
}

process.on("message", (command: GeneratorCommand) => {
  const run =
    command.type === "connect"
      ? connect(command)
      : command.type === "publish"
        ? publish(command)
        : Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined))).then(() =>
            reply({ type: "closed" }),
          );
  run.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.on("disconnect", () => process.exit(0));
