// GET /metrics: what an operator's Prometheus sees of the ingest tier.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectMqtt, newDevice, scrapeMetric, startHarness, waitFor, type Harness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ redisDb: 14 });
});
afterAll(async () => {
  await h?.close();
});

describe("ingest metrics", () => {
  it("are served in Prometheus' text format on their own port, not the devices' HTTP port", async () => {
    const response = await fetch(`http://127.0.0.1:${h.ingest.ports.metrics}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain("# TYPE industryos_ingest_messages_committed_total counter");
    expect(text).toContain("# TYPE process_cpu_seconds_total counter");
    expect(await scrapeMetric(h.ingest.ports.metrics!, "industryos_ingest_database_writing")).toBe(1);
    expect((await fetch(`http://127.0.0.1:${h.ingest.ports.http}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${h.ingest.ports.metrics}/other`)).status).toBe(404);
  });

  it("count committed messages and rows, connections, refusals and failed logins", async () => {
    const port = h.ingest.ports.metrics!;
    const before = {
      messages: await scrapeMetric(port, "industryos_ingest_messages_committed_total"),
      rows: await scrapeMetric(port, "industryos_ingest_rows_committed_total"),
      batches: await scrapeMetric(port, "industryos_ingest_batch_write_seconds_count"),
    };
    const { accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    for (let i = 0; i < 3; i++)
      await client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ a: i, b: true }), { qos: 1 });
    expect(await scrapeMetric(port, "industryos_ingest_mqtt_connections")).toBe(1);
    // Acknowledged means committed, and the count moves with the commit.
    expect(await scrapeMetric(port, "industryos_ingest_messages_committed_total")).toBe(before.messages + 3);
    expect(await scrapeMetric(port, "industryos_ingest_rows_committed_total")).toBe(before.rows + 6);
    expect(await scrapeMetric(port, "industryos_ingest_batch_write_seconds_count")).toBeGreaterThan(before.batches);
    expect(await scrapeMetric(port, "industryos_ingest_pending_messages")).toBe(0);
    await client.endAsync();
    await waitFor(async () => (await scrapeMetric(port, "industryos_ingest_mqtt_connections")) === 0);

    const badJson = await fetch(`http://127.0.0.1:${h.ingest.ports.http}/api/v1/${accessToken}/telemetry`, {
      method: "POST",
      body: "{not json",
    });
    expect(badJson.status).toBe(400);
    expect(
      await scrapeMetric(port, "industryos_ingest_refused_total", { transport: "http", reason: "BAD_REQUEST" }),
    ).toBe(1);

    await expect(connectMqtt(h.ingest.ports.mqtt, { username: "no-such-token" })).rejects.toThrow();
    expect(await scrapeMetric(port, "industryos_ingest_auth_failures_total", { reason: "BAD_CREDENTIALS" })).toBe(1);
    expect(await scrapeMetric(port, "industryos_ingest_messages_committed_total")).toBe(before.messages + 3);
  });
});
