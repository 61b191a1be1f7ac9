import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MqttClient } from "mqtt";
import pg from "pg";
import { MAX_PUBLISHES_IN_FLIGHT } from "../src/mqtt/read-gate.ts";
import { connectMqtt, newDevice, startHarness, waitFor, type Harness } from "./harness.ts";
import { storedSequence } from "./sequence-publisher.ts";

let h: Harness;
const MAX_PENDING = 20;

beforeAll(async () => {
  h = await startHarness({
    redisDb: 43,
    overrides: { INGEST_MAX_PENDING: MAX_PENDING, INGEST_BATCH_LINGER_MS: 2, INGEST_WRITE_TIMEOUT_MS: 60_000 },
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
}, 60_000);

/** Publishes telemetry {seq: 1..count} at QoS 1, 5 ms apart (so ingest reads them in many chunks); resolves once all are sent. */
async function publishSequence(client: MqttClient, count: number, acked: Set<number>) {
  for (let seq = 1; seq <= count; seq++) {
    client.publish(
      "v1/devices/me/telemetry",
      JSON.stringify({ ts: 1_700_000_000_000 + seq, values: { seq } }),
      { qos: 1 },
      (error) => (error ? undefined : acked.add(seq)),
    );
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("MQTT under overload (the database slower than the devices)", () => {
  it("stops reading every socket while the persist queue is full, still accepts connections, and loses nothing it acknowledged", async () => {
    const devices: Awaited<ReturnType<typeof newDevice>>[] = [];
    for (let i = 0; i < 5; i++) devices.push(await newDevice(h)); // one at a time: the first creates the default profile
    const clients = await Promise.all(
      devices.map((d) => connectMqtt(h.ingest.ports.mqtt, { username: d.accessToken })),
    );
    const acked = devices.map(() => new Set<number>());
    const perDevice = 4 * MAX_PUBLISHES_IN_FLIGHT;

    // A stalled database: telemetry writes wait on this lock until it is released.
    const locker = new pg.Client({ connectionString: h.database.ownerUrl });
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE telemetry IN SHARE MODE");
    let mostWaiting = 0;
    let sample = setInterval(() => (mostWaiting = Math.max(mostWaiting, h.ingest.queue.waiting)), 5);
    try {
      const sending = Promise.all(clients.map((c, i) => publishSequence(c, perDevice, acked[i]!)));
      await waitFor(async () => h.ingest.queue.pending >= MAX_PENDING, 30_000);
      await sending;
      await new Promise((r) => setTimeout(r, 500));
      expect(acked.every((a) => a.size === 0)).toBe(true);
      // Every connection may hold MAX_PUBLISHES_IN_FLIGHT of its own, so without the broker-wide
      // gate ~5 × 50 − 20 read packets would wait here for a slot; with it, only what one read
      // brought beyond the last free slot.
      expect(mostWaiting).toBeLessThan(MAX_PUBLISHES_IN_FLIGHT);
      expect(h.ingest.queue.pending).toBeLessThanOrEqual(MAX_PENDING);

      // A device that connects meanwhile is accepted (CONNECT is read before the gate applies;
      // its DISCONNECT would wait for room like everything read after it, so it just goes).
      const newcomer = await newDevice(h);
      const late = await connectMqtt(h.ingest.ports.mqtt, { username: newcomer.accessToken, connectTimeout: 5_000 });
      await late.endAsync(true);
    } finally {
      clearInterval(sample);
      await locker.query("COMMIT");
      await locker.end();
    }

    // Released, every held socket is read again and every message is stored and acknowledged.
    // Each read now brings the rest of a device's messages, and a read is admitted only while
    // nothing waits: what waits is at most one device's rest. Without that, every connection
    // whose first messages were stored would read its rest at once (~5 × 180 waiting).
    let mostWaitingAfter = 0;
    sample = setInterval(() => (mostWaitingAfter = Math.max(mostWaitingAfter, h.ingest.queue.waiting)), 2);
    await waitFor(async () => acked.every((a) => a.size === perDevice), 60_000);
    clearInterval(sample);
    expect(mostWaitingAfter).toBeLessThan(perDevice);
    await Promise.all(clients.map((c) => c.endAsync()));
    for (const [i, device] of devices.entries()) {
      const stored = await storedSequence(h, device.device.id);
      expect([...acked[i]!].filter((seq) => !stored.has(seq))).toEqual([]);
    }
  }, 120_000);
});
