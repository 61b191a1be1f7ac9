import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULE_ENGINE_PARTITIONS, readRuleEngineEntry, ruleEngineStream } from "@industryos/device-protocol";
import { startRedis } from "@industryos/devstack";
import { connectMqtt, newDevice, scrapeMetric, startHarness, waitFor, type Harness } from "./harness.ts";
import { restartableService, type RestartableService } from "./restartable-service.ts";
import { publishSequence, storedSequence } from "./sequence-publisher.ts";

// A Redis server of this file's own (with its append-only file, so what reached it survives
// the restart), stopped and restarted mid-stream; the shared test server is never touched.
let redis: RestartableService;
let h: Harness;

const BACKLOG = "industryos_ingest_rule_engine_backlog_messages";

beforeAll(async () => {
  redis = await restartableService("outage-redis-", (where) => startRedis({ ...where, log: () => undefined }));
  h = await startHarness({
    redisDb: 0,
    redisUrl: redis.url,
    overrides: { INGEST_BATCH_LINGER_MS: 2, INGEST_AUTH_FAILURES_PER_MINUTE: 5 },
  });
}, 180_000);

afterAll(async () => {
  await h?.close().catch(() => undefined);
  await redis?.dispose();
}, 60_000);

/** Every message on the rule-engine streams, per device, in stream order. */
async function ruleEngineMessages(): Promise<Map<string, { data: { values: { seq: number } } }[]>> {
  const reader = new Redis(`${redis.url}/0`);
  try {
    const byDevice = new Map<string, { data: { values: { seq: number } } }[]>();
    for (let partition = 0; partition < RULE_ENGINE_PARTITIONS; partition++) {
      for (const [, fields] of await reader.xrange(ruleEngineStream(partition), "-", "+")) {
        for (const message of readRuleEngineEntry(fields) as {
          deviceId: string;
          data: { values: { seq: number } };
        }[]) {
          byDevice.set(message.deviceId, [...(byDevice.get(message.deviceId) ?? []), message]);
        }
      }
    }
    return byDevice;
  } finally {
    reader.disconnect();
  }
}

describe("Redis stopped mid-stream", () => {
  it("keeps acknowledging and storing, lets devices connect (failed logins still limited), and puts every acknowledged message on the rule-engine stream, in order, once Redis is back", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    const publisher = publishSequence(client);
    const { acked } = publisher;

    await waitFor(async () => acked.length >= 50, 30_000);
    await redis.stop();
    const stoppedAt = Date.now();

    // The data is committed in PostgreSQL, so devices are still acknowledged; the messages
    // wait for the rule-engine stream in ingest's backlog.
    await waitFor(async () => acked.filter((a) => a.at > stoppedAt + 1000).length >= 20, 30_000);
    expect(await scrapeMetric(h.ingest.ports.metrics!, BACKLOG)).toBeGreaterThan(0);
    const health = await fetch(`http://127.0.0.1:${h.ingest.ports.http}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ failing: ["redis"] });

    // A device connecting now is authenticated from the database alone.
    const second = await newDevice(h);
    const secondClient = await connectMqtt(h.ingest.ports.mqtt, { username: second.accessToken });
    await secondClient.publishAsync("v1/devices/me/telemetry", JSON.stringify({ values: { seq: 1 } }), { qos: 1 });
    await secondClient.endAsync();

    // The failed-login limit still holds, counted in the process (every client here is 127.0.0.1).
    const rateLimited = () =>
      scrapeMetric(h.ingest.ports.metrics!, "industryos_ingest_auth_failures_total", { reason: "RATE_LIMITED" });
    for (let attempt = 0; attempt < 6; attempt++) {
      await expect(connectMqtt(h.ingest.ports.mqtt, { username: "not-a-token" })).rejects.toThrow(
        /Not authorized|Connection refused/i,
      );
    }
    expect(await rateLimited()).toBe(1);

    await redis.start();
    await waitFor(async () => (await scrapeMetric(h.ingest.ports.metrics!, BACKLOG)) === 0, 30_000);
    await publisher.stop();
    await waitFor(async () => acked.length === publisher.published, 30_000);
    await client.endAsync();

    const storedSeqs = await storedSequence(h, device.id);
    expect(acked.filter((a) => !storedSeqs.has(a.seq))).toEqual([]);

    // At least once and in order: every acknowledged message is on the stream, and the device's
    // messages follow each other as they were sent (a message cut off mid-write may repeat).
    const messages = await ruleEngineMessages();
    const onStream = (messages.get(device.id) ?? []).map((m) => m.data.values.seq);
    const seen = new Set(onStream);
    expect(acked.filter((a) => !seen.has(a.seq))).toEqual([]);
    const firstSightings = onStream.filter((s, i) => onStream.indexOf(s) === i);
    expect(firstSightings).toEqual([...firstSightings].sort((a, b) => a - b));
    expect(messages.get(second.device.id)?.map((m) => m.data.values.seq)).toEqual([1]);
  }, 180_000);
});
