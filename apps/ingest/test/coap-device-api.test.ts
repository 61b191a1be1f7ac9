import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelemetryStore } from "@industryos/db/telemetry";
import { pushSharedAttributes, sendServerRpc } from "@industryos/device-bus";
import { coapClient } from "./coap-client.ts";
import { newDevice, pushUntil, startHarness, type Harness } from "./harness.ts";

let h: Harness;
let coap: ReturnType<typeof coapClient>;

beforeAll(async () => {
  h = await startHarness({ redisDb: 4, overrides: { INGEST_MAX_PAYLOAD_BYTES: 512 } });
  coap = coapClient(h.ingest.ports.coap!);
});
afterAll(async () => {
  coap?.close();
  await h?.close();
});

describe("CoAP device API", () => {
  it("stores telemetry and answers 2.04 after the commit", async () => {
    const { device, accessToken } = await newDevice(h);
    const res = await coap.send(
      "POST",
      `/api/v1/${accessToken}/telemetry`,
      JSON.stringify({ ts: 1_700_000_000_000, values: { flow: 3.25 } }),
    );
    expect(res.code).toBe("2.04");
    expect(await createTelemetryStore(h.db).latest(h.tenantId, device.id, ["flow"])).toEqual({
      flow: { ts: 1_700_000_000_000, value: { type: "DOUBLE", value: 3.25 } },
    });
  });

  it("stores client attributes and answers 2.04 after the commit", async () => {
    const { device, accessToken } = await newDevice(h);
    const res = await coap.send("POST", `/api/v1/${accessToken}/attributes`, JSON.stringify({ coap: true }));
    expect(res.code).toBe("2.04");
    expect(await h.db.system.attribute.count({ where: { entityId: device.id } })).toBe(1);
  });

  it("answers attribute reads with 2.05", async () => {
    const { device, accessToken } = await newDevice(h);
    await h.db.system.attribute.create({
      data: {
        tenantId: h.tenantId,
        entityType: "DEVICE",
        entityId: device.id,
        scope: "SHARED",
        key: "rate",
        longValue: 10,
      },
    });
    const res = await coap.send("GET", `/api/v1/${accessToken}/attributes?sharedKeys=rate`);
    expect(res).toEqual({ code: "2.05", body: { shared: { rate: 10 } } });
  });

  it.each([
    ["4.01 for an unknown token", "no-such-token", JSON.stringify({ a: 1 }), "4.01"],
    ["4.00 for invalid JSON", null, "{nope", "4.00"],
    ["4.13 for an oversized payload", null, JSON.stringify({ a: "x".repeat(1000) }), "4.13"],
  ])("answers %s and stores nothing", async (_case, token, payload, code) => {
    const { device, accessToken } = await newDevice(h);
    const res = await coap.send("POST", `/api/v1/${token ?? accessToken}/attributes`, payload);
    expect(res.code).toBe(code);
    expect(await h.db.system.attribute.count({ where: { entityId: device.id } })).toBe(0);
  });

  it("streams shared-attribute updates to an observer", async () => {
    const { device, accessToken } = await newDevice(h);
    const observer = await coap.observe(`/api/v1/${accessToken}/attributes`);
    expect(await observer.next()).toEqual({});
    const update = await pushUntil(
      () =>
        pushSharedAttributes(h.redis, device.id, {
          updated: [{ key: "mode", value: { type: "STRING", value: "boost" } }],
        }),
      observer.next(),
    );
    expect(update).toEqual({ mode: "boost" });
    observer.close();
  });

  it("streams queued and new server-side RPC to an observer and takes the answer", async () => {
    const { device, accessToken } = await newDevice(h);
    const queued = await sendServerRpc(h.db.system, h.redis, {
      tenantId: h.tenantId,
      deviceId: device.id,
      method: "first",
      timeoutMs: 60_000,
    });
    const observer = await coap.observe(`/api/v1/${accessToken}/rpc`);
    expect(await observer.next()).toEqual({ id: queued, method: "first", params: {} });
    const live = await sendServerRpc(h.db.system, h.redis, {
      tenantId: h.tenantId,
      deviceId: device.id,
      method: "second",
      params: { n: 2 },
      timeoutMs: 60_000,
    });
    expect(await observer.next()).toEqual({ id: live, method: "second", params: { n: 2 } });
    observer.close();
    const answer = await coap.send("POST", `/api/v1/${accessToken}/rpc/${live}`, JSON.stringify({ done: true }));
    expect(answer.code).toBe("2.04");
    expect(await h.db.system.rpcRequest.findFirst({ where: { deviceId: device.id, requestId: live } })).toMatchObject({
      status: "SUCCESSFUL",
      response: { done: true },
    });
  });

  it("answers client-side getSessionLimits and records a claim", async () => {
    const { device, accessToken } = await newDevice(h);
    const limits = await coap.send(
      "POST",
      `/api/v1/${accessToken}/rpc`,
      JSON.stringify({ method: "getSessionLimits", params: {} }),
    );
    expect(limits).toMatchObject({ code: "2.05", body: { maxPayloadSize: 512 } });
    const claim = await coap.send(
      "POST",
      `/api/v1/${accessToken}/claim`,
      JSON.stringify({ secretKey: "c0ap", durationMs: 60_000 }),
    );
    expect(claim.code).toBe("2.04");
    expect(JSON.parse((await h.redis.get(`device-claim:${device.id}`))!)).toMatchObject({ secretKey: "c0ap" });
  });
});
