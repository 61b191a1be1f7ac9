import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelemetryStore } from "@industryos/db/telemetry";
import { answerClientRpc, pushSharedAttributes, sendServerRpc } from "@industryos/device-bus";
import { partitionOf, readRuleEngineEntry, ruleEngineStream } from "@industryos/device-protocol";
import { newDevice, pushUntil, startHarness, waitFor, type Harness } from "./harness.ts";

let h: Harness;
let base: string;

beforeAll(async () => {
  h = await startHarness({ redisDb: 2 });
  base = `http://127.0.0.1:${h.ingest.ports.http}`;
});
afterAll(async () => {
  await h?.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

describe("HTTP device API", () => {
  it("answers /healthz with 200 when PostgreSQL and Redis answer", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", checks: { postgres: { ok: true }, redis: { ok: true } } });
  });

  it("stores telemetry in every payload form and answers 200 only after the commit", async () => {
    const { device, accessToken } = await newDevice(h);
    expect((await post(`/api/v1/${accessToken}/telemetry`, JSON.stringify({ temperature: 20.5 }))).status).toBe(200);
    expect(
      (
        await post(
          `/api/v1/${accessToken}/telemetry`,
          JSON.stringify({ ts: 1_700_000_000_000, values: { humidity: 40 } }),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await post(
          `/api/v1/${accessToken}/telemetry`,
          JSON.stringify([{ ts: 1_700_000_000_500, values: { humidity: 41 } }]),
        )
      ).status,
    ).toBe(200);
    const latest = await createTelemetryStore(h.db).latest(h.tenantId, device.id);
    expect(latest).toMatchObject({
      temperature: { value: { type: "DOUBLE", value: 20.5 } },
      humidity: { ts: 1_700_000_000_500, value: { type: "LONG", value: 41 } },
    });
  });

  it("stores client attributes and answers 200 only after the commit", async () => {
    const { device, accessToken } = await newDevice(h);
    const res = await post(`/api/v1/${accessToken}/attributes`, JSON.stringify({ serial: "SN-1", slots: 2 }));
    expect(res.status).toBe(200);
    const rows = await h.db.system.attribute.findMany({ where: { entityId: device.id }, orderBy: { key: "asc" } });
    expect(rows.map((r) => r.key)).toEqual(["serial", "slots"]);
  });

  it("returns requested client and shared attributes", async () => {
    const { device, accessToken } = await newDevice(h);
    await post(`/api/v1/${accessToken}/attributes`, JSON.stringify({ serial: "SN-2" }));
    await h.db.system.attribute.create({
      data: {
        tenantId: h.tenantId,
        entityType: "DEVICE",
        entityId: device.id,
        scope: "SHARED",
        key: "mode",
        stringValue: "eco",
      },
    });
    const res = await fetch(`${base}/api/v1/${accessToken}/attributes?clientKeys=serial&sharedKeys=mode`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ client: { serial: "SN-2" }, shared: { mode: "eco" } });
  });

  it.each([
    ["401 for an unknown token", "/api/v1/no-such-token/attributes", JSON.stringify({ a: 1 }), 401, "UNAUTHORIZED"],
    ["400 for invalid JSON", null, "{oops", 400, "BAD_REQUEST"],
    ["400 for a null value", null, JSON.stringify({ a: null }), 400, "BAD_REQUEST"],
    ["413 for an oversized body", null, JSON.stringify({ a: "x".repeat(70_000) }), 413, "PAYLOAD_TOO_LARGE"],
  ])("answers %s with a JSON error and stores nothing", async (_case, path, body, status, code) => {
    const { device, accessToken } = await newDevice(h);
    const res = await post(path ?? `/api/v1/${accessToken}/attributes`, body);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code } });
    expect(await h.db.system.attribute.count({ where: { entityId: device.id } })).toBe(0);
  });

  it("long-polls shared-attribute updates and times out with 408", async () => {
    const { device, accessToken } = await newDevice(h);
    const timedOut = await fetch(`${base}/api/v1/${accessToken}/attributes/updates?timeout=200`);
    expect(timedOut.status).toBe(408);
    const poll = fetch(`${base}/api/v1/${accessToken}/attributes/updates?timeout=15000`);
    const res = await pushUntil(
      () =>
        pushSharedAttributes(h.redis, device.id, {
          updated: [{ key: "led", value: { type: "BOOLEAN", value: true } }],
        }),
      poll,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ led: true });
  });

  it("long-polls server-side RPC, queued ones first, and takes the response", async () => {
    const { device, accessToken } = await newDevice(h);
    const requestId = await sendServerRpc(h.db.system, h.redis, {
      tenantId: h.tenantId,
      deviceId: device.id,
      method: "getState",
      timeoutMs: 60_000,
    });
    const res = await fetch(`${base}/api/v1/${accessToken}/rpc?timeout=2000`);
    expect(await res.json()).toEqual({ id: requestId, method: "getState", params: {} });
    const answer = await post(`/api/v1/${accessToken}/rpc/${requestId}`, JSON.stringify({ state: "idle" }));
    expect(answer.status).toBe(200);
    const row = await h.db.system.rpcRequest.findFirst({ where: { deviceId: device.id, requestId } });
    expect(row).toMatchObject({ status: "SUCCESSFUL", response: { state: "idle" } });
  });

  it("relays a client-side RPC to the rule engine and returns its answer", async () => {
    const { device, accessToken } = await newDevice(h);
    const call = post(`/api/v1/${accessToken}/rpc`, JSON.stringify({ method: "getTime", params: {} }));
    // Play the rule engine: read the request from the device's partition and answer it.
    const request = await waitFor(async () => {
      for (const [, fields] of await h.redis.xrange(ruleEngineStream(partitionOf(device.id)), "-", "+")) {
        for (const message of readRuleEngineEntry(fields) as {
          type: string;
          deviceId: string;
          requestId: number;
          method: string;
        }[]) {
          if (message.type === "TO_SERVER_RPC_REQUEST" && message.deviceId === device.id) return message;
        }
      }
      return null;
    });
    expect(request.method).toBe("getTime");
    await answerClientRpc(h.redis, device.id, request.requestId, { time: 1234 });
    const res = await call;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ time: 1234 });
  });

  it("answers client-side getSessionLimits and records a claim", async () => {
    const { device, accessToken } = await newDevice(h);
    const rpc = await post(`/api/v1/${accessToken}/rpc`, JSON.stringify({ method: "getSessionLimits", params: {} }));
    expect(await rpc.json()).toMatchObject({ maxPayloadSize: expect.any(Number) });
    const claim = await post(
      `/api/v1/${accessToken}/claim`,
      JSON.stringify({ secretKey: "s3cret", durationMs: 60_000 }),
    );
    expect(claim.status).toBe(200);
    expect(JSON.parse((await h.redis.get(`device-claim:${device.id}`))!)).toMatchObject({ secretKey: "s3cret" });
  });
});
