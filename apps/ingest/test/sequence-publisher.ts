import type { MqttClient } from "mqtt";
import { createTelemetryStore } from "@industryos/db/telemetry";
import type { Harness } from "./harness.ts";

export interface SequencePublisher {
  /** Every acknowledged message: its sequence number and when its PUBACK arrived. */
  acked: { seq: number; at: number }[];
  /** The last sequence number published. */
  readonly published: number;
  /** Stops publishing (the last message may still be waiting for its PUBACK). */
  stop(): Promise<void>;
}

/** Publishes telemetry {seq: 1, 2, ...} at QoS 1 every 10 ms, each with its own ts, until stopped. */
export function publishSequence(client: MqttClient): SequencePublisher {
  const acked: { seq: number; at: number }[] = [];
  let seq = 0;
  let publishing = true;
  const loop = (async () => {
    while (publishing) {
      const n = ++seq;
      client.publish(
        "v1/devices/me/telemetry",
        JSON.stringify({ ts: 1_700_000_000_000 + n, values: { seq: n } }),
        { qos: 1 },
        (error) => {
          if (!error) acked.push({ seq: n, at: Date.now() });
        },
      );
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    acked,
    get published() {
      return seq;
    },
    async stop() {
      publishing = false;
      await loop;
    },
  };
}

/** The sequence numbers stored for the device (through the telemetry store, as a tenant reads them). */
export async function storedSequence(h: Harness, deviceId: string): Promise<Set<number>> {
  const store = createTelemetryStore(h.db);
  const stored =
    (await store.range(h.tenantId, deviceId, { keys: ["seq"], from: 0, to: Date.now(), limit: 100_000, order: "ASC" }))
      .seq ?? [];
  return new Set(stored.map((p) => p.value.value as number));
}
