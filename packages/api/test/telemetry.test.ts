import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
let apiKey: string;
let deviceId: string;
const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);

beforeAll(async () => {
  h = await startApiHarness();
  const admin = await h.signup("telemetry");
  apiKey = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: admin.cookie, body: { name: "ci" } }))
    .body.key;
  deviceId = (await h.call<{ id: string }>("POST", "/api/v1/devices", { apiKey, body: { name: "Meter" } })).body.id;
  // Ten minutes of one point a minute, written through the real telemetry store.
  const rows = [];
  for (let i = 0; i < 10; i++) {
    rows.push({
      entityId: deviceId,
      key: "temperature",
      ts: t0 + i * 60_000,
      value: { type: "DOUBLE" as const, value: 20.5 + i },
    });
  }
  rows.push({
    entityId: deviceId,
    key: "status",
    ts: t0 + 9 * 60_000,
    value: { type: "STRING" as const, value: "ok" },
  });
  await h.telemetryStore.writeForTenant(admin.tenantId, rows);
});
afterAll(async () => h?.close());

describe("device telemetry over REST", () => {
  it("answers the latest value per key", async () => {
    const all = await h.call<Record<string, { ts: number; value: unknown }>>(
      "GET",
      `/api/v1/devices/${deviceId}/telemetry/latest`,
      { apiKey },
    );
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body).toEqual({
      temperature: { ts: t0 + 540_000, value: 29.5 },
      status: { ts: t0 + 540_000, value: "ok" },
    });
    const one = await h.call<Record<string, unknown>>(
      "GET",
      `/api/v1/devices/${deviceId}/telemetry/latest?keys=status`,
      { apiKey },
    );
    expect(Object.keys(one.body)).toEqual(["status"]);
  });

  it("lists the keys", async () => {
    const keys = await h.call<string[]>("GET", `/api/v1/devices/${deviceId}/telemetry/keys`, { apiKey });
    expect(keys.body.sort()).toEqual(["status", "temperature"]);
  });

  it("answers raw history with limit and order", async () => {
    const result = await h.call<{ temperature: { ts: number; value: number }[] }>(
      "GET",
      `/api/v1/devices/${deviceId}/telemetry?keys=temperature&from=${t0}&to=${t0 + 600_000}&limit=3&order=asc`,
      { apiKey },
    );
    expect(result.status).toBe(200);
    expect(result.body.temperature.map((p) => p.value)).toEqual([20.5, 21.5, 22.5]);
  });

  it("aggregates into intervals", async () => {
    const result = await h.call<{ temperature: { ts: number; value: number }[] }>(
      "GET",
      `/api/v1/devices/${deviceId}/telemetry?keys=temperature&from=${t0}&to=${t0 + 600_000}&agg=AVG&interval=300000&order=asc`,
      { apiKey },
    );
    expect(result.body.temperature).toEqual([
      { ts: t0, value: 22.5 },
      { ts: t0 + 300_000, value: 27.5 },
    ]);
  });

  it("explains bad queries", async () => {
    const noKeys = await h.call("GET", `/api/v1/devices/${deviceId}/telemetry`, { apiKey });
    expect(noKeys.status).toBe(400);
    const noInterval = await h.call<{ error: { message: string } }>(
      "GET",
      `/api/v1/devices/${deviceId}/telemetry?keys=temperature&agg=MAX`,
      { apiKey },
    );
    expect(noInterval.status).toBe(400);
    expect(noInterval.body.error.message).toContain("interval");
  });
});
